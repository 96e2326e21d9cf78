using HybridRecommender.Api.Feedback;
using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Feedback;
using HybridRecommender.Core.Versions;
using Microsoft.Extensions.Options;

namespace HybridRecommender.Api.Hosting;

public static class ModelVersionServiceCollectionExtensions
{
    /// <summary>
    /// The model versions in the feedback database (the same SQLite file or PostgreSQL database as the ratings), the watcher that
    /// swaps a new current version in, what it reports (<see cref="ModelRollout"/>), and the instruments of /metrics.
    /// </summary>
    public static IServiceCollection AddModelVersions(this IServiceCollection services)
    {
        services.AddSingleton<IModelVersionStore>(sp =>
        {
            var feedback = sp.GetRequiredService<IOptions<FeedbackOptions>>().Value;
            // A bundle is ~10 MB: fetching one may take longer than a request's database deadline.
            var calls = new DatabaseCallOptions { Deadline = TimeSpan.FromSeconds(Math.Max(30, feedback.Deadline.TotalSeconds)) };
            return sp.GetRequiredService<IFeedbackStore>() is SqliteFeedbackStore sqlite
                ? new SqliteModelVersionStore(sqlite.DatabasePath, calls)
                : new PostgresModelVersionStore(feedback.ConnectionString!, calls);
        });
        services.AddSingleton<ModelRollout>();
        services.AddSingleton<RecommenderMetrics>();
        services.AddSingleton<ModelVersionWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelVersionWatcher>());
        return services;
    }
}
