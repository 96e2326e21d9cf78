namespace HybridRecommender.Core.Data;

/// <summary>Which on-disk layout a dataset was read from.</summary>
public enum DatasetLayout
{
    /// <summary>ML-1M: ratings.dat, movies.dat, users.dat with "::" separators, Latin-1.</summary>
    MovieLens1M,
    /// <summary>ML-latest, ML-20M, ML-25M, ML-32M: ratings.csv, movies.csv (quoted, UTF-8, half-star ratings).</summary>
    MovieLensCsv,
    /// <summary>ML-10M (ml-10M100K): ratings.dat and movies.dat with "::" separators, half-star ratings, no users.dat.</summary>
    MovieLens10M,
}

/// <summary>
/// A MovieLens dataset in memory. Movie index i is the i-th movie of the catalogue file (all movies,
/// rated or not); user index u is the u-th user (users.dat order, or first appearance in ratings.csv).
/// </summary>
public sealed class MovieLensDataset
{
    public MovieLensDataset(
        DatasetLayout layout,
        IReadOnlyList<Movie> movies,
        IReadOnlyList<User> users,
        GenreVocabulary genres,
        RatingTable ratings)
    {
        Layout = layout;
        Movies = movies;
        Users = users;
        Genres = genres;
        Ratings = ratings;
        MovieIds = new IdIndex(movies.Select(m => m.Id));
        UserIds = new IdIndex(users.Select(u => u.Id));
        MovieGenreMask = movies.Select(m => genres.MaskOf(m.Genres)).ToArray();
    }

    public DatasetLayout Layout { get; }
    public IReadOnlyList<Movie> Movies { get; }
    public IReadOnlyList<User> Users { get; }
    public GenreVocabulary Genres { get; }
    public RatingTable Ratings { get; }
    public IdIndex MovieIds { get; }
    public IdIndex UserIds { get; }

    /// <summary>Per movie index, bit g set when the movie has genre g of <see cref="Genres"/>.</summary>
    public ulong[] MovieGenreMask { get; }

    /// <summary>How many distinct movies have at least one rating.</summary>
    public int RatedMovieCount()
    {
        var seen = new bool[Movies.Count];
        var n = 0;
        foreach (var m in Ratings.MovieIndex)
        {
            if (!seen[m]) { seen[m] = true; n++; }
        }
        return n;
    }
}
