namespace HybridRecommender.Core.Feedback;

/// <summary>
/// A movie added after training (POST /movies), as the feedback database holds it. <see cref="Genres"/> are names of the
/// model's genre vocabulary; a retired movie is never recommended again, but it keeps its id and its ratings.
/// </summary>
public sealed record AddedMovie(int Id, string Title, int Year, IReadOnlyList<string> Genres, bool Retired, long CreatedAtMs, long UpdatedAtMs)
{
    /// <summary>How the genre list is stored (vocabulary names never hold it).</summary>
    public const char GenreSeparator = '|';

    internal static IReadOnlyList<string> ParseGenres(string stored) =>
        stored.Length == 0 ? [] : stored.Split(GenreSeparator);

    internal static string FormatGenres(IReadOnlyList<string> genres) => string.Join(GenreSeparator, genres);
}
