namespace HybridRecommender.Api.Contracts;

/// <summary>The answer of PUT /users/{id}/ratings/{movieId}: the rating as stored.</summary>
/// <param name="UserId">The user.</param>
/// <param name="MovieId">MovieLens movie id.</param>
/// <param name="Title">The movie's title, article in front ("The Matrix").</param>
/// <param name="Rating">The rating now held.</param>
public sealed record RatingResponse(int UserId, int MovieId, string Title, float Rating);
