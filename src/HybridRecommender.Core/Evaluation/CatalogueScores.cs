namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// What a set of top-k lists does to the catalogue (<see cref="CatalogueMetrics"/>):
/// <see cref="Coverage"/> = <see cref="DistinctMovies"/> / <see cref="CatalogueSize"/> (every movie of the catalogue,
/// rated or not); <see cref="LongTailShare"/> = <see cref="LongTailSlots"/> / <see cref="Slots"/>, the slots
/// filled by movies with fewer than <see cref="LongTailThreshold"/> training ratings.
/// </summary>
public readonly record struct CatalogueScores(
    int Lists, int Slots, int DistinctMovies, int CatalogueSize, double Coverage,
    int LongTailThreshold, int LongTailSlots, double LongTailShare);
