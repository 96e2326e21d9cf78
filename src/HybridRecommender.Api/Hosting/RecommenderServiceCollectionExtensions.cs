using HybridRecommender.Api.Serving;
using Microsoft.Extensions.Options;

namespace HybridRecommender.Api.Hosting;

public static class RecommenderServiceCollectionExtensions
{
    /// <summary>Registers the served model (loaded on first resolution, see <see cref="ModelStartup.TryLoadModel"/>) and the plots folder.</summary>
    public static IServiceCollection AddRecommender(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ModelOptions>(configuration.GetSection(ModelOptions.Section));
        services.AddSingleton(sp =>
            new ModelFolder(RepositoryPath.Resolve(sp.GetRequiredService<IOptions<ModelOptions>>().Value.Path, ContentRoot(sp))));
        services.AddSingleton<ModelLoader>();
        services.AddSingleton(sp => new ServedModel(sp.GetRequiredService<ModelLoader>().Load(sp.GetRequiredService<ModelFolder>().Path)));
        // A request reads the current model once and keeps it to its end, even if the model is replaced meanwhile.
        services.AddScoped(sp => sp.GetRequiredService<ServedModel>().Current);
        services.AddSingleton(sp => PlotsFolder.For(
            sp.GetRequiredService<IOptions<ModelOptions>>().Value.PlotsPath, sp.GetRequiredService<ModelFolder>().Path, ContentRoot(sp)));
        return services;
    }

    private static string ContentRoot(IServiceProvider sp) => sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
}
