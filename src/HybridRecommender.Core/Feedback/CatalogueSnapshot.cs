namespace HybridRecommender.Core.Feedback;

/// <summary>
/// The added movies and what their fold-in needs, read in one consistent snapshot: the catalogue's version (bumped by every
/// change to an added movie and by every rating write or erasure that touches one), every added movie (retired ones too),
/// and every rating of the users who rated an added movie — their ratings of trained movies too, which fix their side of
/// the model while the movie's rows are fitted. Ordered by user, then movie id.
/// </summary>
public sealed record CatalogueSnapshot(long Version, IReadOnlyList<AddedMovie> Movies, IReadOnlyList<FeedbackRating> RaterRatings)
{
    public static CatalogueSnapshot Empty { get; } = new(0, [], []);
}
