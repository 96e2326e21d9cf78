namespace HybridRecommender.Core.Retrieval;

/// <summary>
/// Which movies a two-stage list may hold (a genre filter, retired movies left out), as <see cref="TwoStageRanking"/> needs it.
/// </summary>
/// <param name="Accepts">Whether a movie passes.</param>
/// <param name="Count">How many movies pass (an upper bound will do): it sizes the search and decides when the filter is too narrow to search.</param>
/// <param name="Movies">Lists the movies that pass, each once, without scanning the catalogue (<see cref="MoviesByGenre.Accepted"/>);
/// null: the ranking scans every movie with <paramref name="Accepts"/> when it needs the list.</param>
public sealed record MovieFilter(Func<int, bool> Accepts, int Count, Func<int[]>? Movies = null);
