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
        {
            var path = RepositoryPath.Resolve(sp.GetRequiredService<IOptions<ModelOptions>>().Value.Path, ContentRoot(sp));
            return new RecommendationService(ModelBundle.Load(path), path);
        });
        services.AddSingleton(sp =>
            new PlotsFolder(RepositoryPath.Resolve(sp.GetRequiredService<IOptions<ModelOptions>>().Value.PlotsPath, ContentRoot(sp))));
        return services;
    }

    private static string ContentRoot(IServiceProvider sp) => sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
}
