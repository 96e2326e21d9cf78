namespace HybridRecommender.Api.Contracts;

/// <summary>The answer of GET /users/{id}/ratings: every rating the feedback database holds for the user (not the MovieLens training ratings).</summary>
/// <param name="UserId">The user.</param>
/// <param name="Ratings">By movie id.</param>
public sealed record UserRatingsResponse(int UserId, IReadOnlyList<UserRating> Ratings);
