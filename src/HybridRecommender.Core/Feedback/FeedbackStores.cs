namespace HybridRecommender.Core.Feedback;

/// <summary>Opens the store a setting names: a PostgreSQL connection string (it has '=' in it) or a SQLite file path.</summary>
public static class FeedbackStores
{
    public static bool IsConnectionString(string target) => target.Contains('=', StringComparison.Ordinal);

    public static IFeedbackStore Open(string target, DatabaseCallOptions? options = null) =>
        IsConnectionString(target) ? new PostgresFeedbackStore(target, options) : new SqliteFeedbackStore(target, options);
}
