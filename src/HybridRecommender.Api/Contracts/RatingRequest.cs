namespace HybridRecommender.Api.Contracts;

/// <summary>The body of PUT /users/{id}/ratings/{movieId}.</summary>
/// <param name="Rating">On the model's scale (GET /model: minRating–maxRating); MovieLens 1M: whole stars 1–5.</param>
public sealed record RatingRequest(double Rating);
