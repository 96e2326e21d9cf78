namespace HybridRecommender.Core.Feedback;

/// <summary>A user's ratings and the version they belong to, read in one statement (one consistent snapshot).</summary>
/// <param name="Version">The user's version; 0 when the database holds no row for the user.</param>
/// <param name="Ratings">Ordered by movie id.</param>
public sealed record UserRatingsSnapshot(long Version, IReadOnlyList<FeedbackRating> Ratings)
{
    public static readonly UserRatingsSnapshot None = new(0, []);
}
