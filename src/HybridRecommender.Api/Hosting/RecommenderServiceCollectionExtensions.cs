using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Bundle;
using Microsoft.Extensions.Options;

namespace HybridRecommender.Api.Hosting;

public static class RecommenderServiceCollectionExtensions
{
    /// <summary>Registers the model (loaded on first resolution, see <see cref="ModelStartup.TryLoadModel"/>) and the plots folder.</summary>
    public static IServiceCollection AddRecommender(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ModelOptions>(configuration.GetSection(ModelOptions.Section));
        services.AddSingleton(sp =>
            new ModelFolder(RepositoryPath.Resolve(sp.GetRequiredService<IOptions<ModelOptions>>().Value.Path, ContentRoot(sp))));
        services.AddSingleton(sp =>
        {
            var folder = sp.GetRequiredService<ModelFolder>();
            return new RecommendationService(ModelBundle.Load(folder.Path), folder.Path,
                sp.GetRequiredService<IOptions<ModelOptions>>().Value.Retrieval, sp.GetRequiredService<ILogger<RecommendationService>>());
        });
        services.AddSingleton(sp => PlotsFolder.For(
            sp.GetRequiredService<IOptions<ModelOptions>>().Value.PlotsPath, sp.GetRequiredService<ModelFolder>().Path, ContentRoot(sp)));
        return services;
    }

    private static string ContentRoot(IServiceProvider sp) => sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
}
