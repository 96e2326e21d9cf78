namespace HybridRecommender.Core.Feedback;

/// <summary>
/// Movies added after training, kept in the feedback database beside the ratings (both stores implement it, every call
/// through <see cref="DatabaseCalls"/>). Ids are handed out above the model's largest movie id and above every id handed
/// out before, and never again: not after a retirement, and (SQLite) not after the file is restored from an older backup.
/// </summary>
public interface IMovieCatalogueStore
{
    /// <summary>The catalogue's version only: the cheap read before reusing the served catalogue.</summary>
    Task<long> CatalogueVersionAsync(CancellationToken ct = default);

    /// <summary>The version, the added movies and their raters' ratings in one consistent read.</summary>
    Task<CatalogueSnapshot> CatalogueAsync(CancellationToken ct = default);

    /// <summary>Adds a movie with a fresh id above <paramref name="aboveId"/> (the model's largest movie id) and above every id handed out.</summary>
    Task<AddedMovie> AddMovieAsync(int aboveId, string title, int year, IReadOnlyList<string> genres, CancellationToken ct = default);

    /// <summary>Replaces an added movie's title, year and genres; null when no added movie has the id.</summary>
    Task<AddedMovie?> UpdateMovieAsync(int id, string title, int year, IReadOnlyList<string> genres, CancellationToken ct = default);

    /// <summary>Retires an added movie (idempotent); null when no added movie has the id.</summary>
    Task<AddedMovie?> RetireMovieAsync(int id, CancellationToken ct = default);
}
