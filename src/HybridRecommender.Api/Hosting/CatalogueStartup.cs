using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Feedback;

namespace HybridRecommender.Api.Hosting;

public static class CatalogueStartup
{
    /// <summary>The catalogue of movies added after training: the feedback store's catalogue half and the refresh of the served model.</summary>
    public static IServiceCollection AddCatalogue(this IServiceCollection services)
    {
        // Both stores implement it; the one feedback database holds the catalogue too.
        services.AddSingleton(sp => (IMovieCatalogueStore)sp.GetRequiredService<IFeedbackStore>());
        services.AddSingleton<CatalogueRefresh>();
        return services;
    }

    /// <summary>
    /// Before an endpoint that reads the catalogue (<see cref="CatalogueRefresh.Marker"/>) resolves its model, one version read
    /// brings this replica's served model up to date with every replica's catalogue changes (<see cref="CatalogueRefresh"/>).
    /// </summary>
    public static IApplicationBuilder UseCatalogueRefresh(this WebApplication app)
    {
        var refresh = app.Services.GetRequiredService<CatalogueRefresh>();
        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.Contains(CatalogueRefresh.Marker) == true) await refresh.EnsureCurrentAsync(context.RequestAborted);
            await next(context);
        });
    }
}
