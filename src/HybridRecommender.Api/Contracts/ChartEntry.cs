namespace HybridRecommender.Api.Contracts;

/// <summary>One movie of a top chart.</summary>
/// <param name="MovieId">MovieLens movie id.</param>
/// <param name="Title">Title as a person reads it, article in front ("The Matrix"; MovieLens writes "Matrix, The"), without the year.</param>
/// <param name="Year">Release year, when known.</param>
/// <param name="Genres">The movie's genres.</param>
/// <param name="WeightedRating">IMDb weighted rating WR.</param>
/// <param name="RatingCount">v: training ratings of the movie.</param>
/// <param name="RatingMean">R: mean training rating of the movie; null when it has none (then WR = C).</param>
public sealed record ChartEntry(int MovieId, string Title, int? Year, IReadOnlyList<string> Genres, double WeightedRating, int RatingCount, double? RatingMean);
