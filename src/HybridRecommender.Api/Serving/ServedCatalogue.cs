using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Feedback;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// The catalogue one <see cref="RecommendationService"/> serves: the bundle's movies as trained (rows 0 to T − 1) followed by
/// the movies added after training (rows T on, in id order), and the scorer extended with the added movies' rows
/// (<see cref="RatingScorer.WithAddedMovies"/>; the trained rows untouched). Built from one <see cref="CatalogueSnapshot"/>
/// of the feedback database; immutable.
/// </summary>
public sealed class ServedCatalogue
{
    private readonly bool[] _retired;
    private readonly IReadOnlyList<AddedMovie> _added;
    private readonly int[] _addedRatings;

    /// <param name="bundle">The trained model.</param>
    /// <param name="snapshot">The added movies (and the version they were read at).</param>
    /// <param name="addedRows">One row per movie of <see cref="NewTo"/>(bundle, snapshot), in its order.</param>
    /// <param name="addedRatings">Per such movie, the ratings its rows were folded in from (0: content alone).</param>
    public ServedCatalogue(ModelBundle bundle, CatalogueSnapshot snapshot, IReadOnlyList<MovieRow> addedRows, IReadOnlyList<int> addedRatings)
    {
        _added = NewTo(bundle, snapshot);
        if (addedRows.Count != _added.Count || addedRatings.Count != _added.Count)
            throw new ArgumentException($"{addedRows.Count} rows and {addedRatings.Count} counts for {_added.Count} added movies.");
        Version = snapshot.Version;
        TrainedCount = bundle.Movies.Count;
        _addedRatings = addedRatings.ToArray();
        var movies = new List<CatalogueEntry>(TrainedCount + _added.Count);
        movies.AddRange(bundle.Movies);
        // An added movie has no training ratings: count 0, and /movies shows its mean as null.
        movies.AddRange(_added.Select(a => new CatalogueEntry(a.Id, a.Title, a.Year, KnownGenres(bundle.Genres, a.Genres), 0, 0)));
        Movies = movies;
        MovieIds = _added.Count == 0 ? bundle.MovieIds : new IdIndex(movies.Select(m => m.Id));
        GenreMasks = _added.Count == 0 ? bundle.MovieGenreMask : [.. bundle.MovieGenreMask, .. _added.Select(a => bundle.Genres.MaskOf(KnownGenres(bundle.Genres, a.Genres)))];
        _retired = new bool[movies.Count];
        for (var k = 0; k < _added.Count; k++) _retired[TrainedCount + k] = _added[k].Retired;
        // A movie added before the model was retrained is one of its rows now (the bundle's metadata), but its retirement still holds.
        foreach (var a in snapshot.Movies)
            if (a.Retired && bundle.MovieIds.TryGetIndex(a.Id, out var trained)) _retired[trained] = true;
        RetiredCount = _retired.Count(r => r);
        Scorer = _added.Count == 0 ? bundle.Scorer : bundle.Scorer.WithAddedMovies(addedRows);
    }

    /// <summary>The snapshot's movies that are not rows of the bundle (a retrained bundle holds the movies added before it), in id order.</summary>
    public static IReadOnlyList<AddedMovie> NewTo(ModelBundle bundle, CatalogueSnapshot snapshot) =>
        snapshot.Movies.All(m => !bundle.MovieIds.Contains(m.Id)) ? snapshot.Movies : snapshot.Movies.Where(m => !bundle.MovieIds.Contains(m.Id)).ToArray();

    /// <summary>The bundle's catalogue alone (no added movies; version 0, the version of a database nothing was added to).</summary>
    public static ServedCatalogue Trained(ModelBundle bundle) => new(bundle, CatalogueSnapshot.Empty, [], []);

    /// <summary>The catalogue's version in the database when it was read.</summary>
    public long Version { get; }
    /// <summary>T: movies of the trained model (rows 0 to T − 1).</summary>
    public int TrainedCount { get; }
    public int AddedCount => _added.Count;
    /// <summary>Trained then added movies, in row order.</summary>
    public IReadOnlyList<CatalogueEntry> Movies { get; }
    public IdIndex MovieIds { get; }
    public ulong[] GenreMasks { get; }
    /// <summary>The one scoring path over every row, trained and added.</summary>
    public RatingScorer Scorer { get; }

    public bool IsAdded(int movie) => movie >= TrainedCount;
    /// <summary>A retired movie (added with POST /movies, then retired with DELETE) is never recommended.</summary>
    public bool IsRetired(int movie) => _retired[movie];
    /// <summary>Whether any served movie is retired.</summary>
    public bool HasRetired => RetiredCount > 0;
    /// <summary>How many served movies are retired (counted once: a request must not scan the catalogue to know).</summary>
    public int RetiredCount { get; }
    /// <summary>The database's record of an added movie row.</summary>
    public AddedMovie Added(int movie) => _added[movie - TrainedCount];
    /// <summary>The ratings an added movie's rows were folded in from (0: its rows come from its content alone).</summary>
    public int FoldedInRatings(int movie) => _addedRatings[movie - TrainedCount];

    /// <summary>g: 1/√n on each of the n genres, the network's genre row (HybridWeights.SetMovieGenres).</summary>
    public static float[] GenreRow(ulong mask, int genres)
    {
        var g = new float[genres];
        var n = System.Numerics.BitOperations.PopCount(mask);
        if (n == 0) return g;
        var value = (float)(1.0 / Math.Sqrt(n));
        for (var k = 0; k < genres; k++) if ((mask & (1UL << k)) != 0) g[k] = value;
        return g;
    }

    // Genres are checked against the vocabulary when written; a model with another vocabulary drops the names it lacks.
    internal static IReadOnlyList<string> KnownGenres(GenreVocabulary vocabulary, IReadOnlyList<string> names) =>
        names.Select(vocabulary.Canonical).OfType<string>().ToArray();
}
