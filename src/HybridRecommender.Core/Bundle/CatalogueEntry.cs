namespace HybridRecommender.Core.Bundle;

/// <summary>
/// One movie of model/movies.json: the catalogue plus aggregate training-set statistics for
/// popularity (count and mean only: the bundle never holds individual ratings — licence).
/// </summary>
public sealed record CatalogueEntry(int Id, string Title, int? Year, IReadOnlyList<string> Genres, int RatingCount, double RatingMean);
