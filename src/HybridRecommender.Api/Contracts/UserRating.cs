namespace HybridRecommender.Api.Contracts;

/// <summary>One rating held by the feedback database.</summary>
/// <param name="MovieId">MovieLens movie id.</param>
/// <param name="Title">The movie's title, article in front ("The Matrix"), when the served model's catalogue has the movie.</param>
/// <param name="Rating">The rating given.</param>
/// <param name="UpdatedAt">When it was last set.</param>
public sealed record UserRating(int MovieId, string? Title, float Rating, DateTimeOffset UpdatedAt);
