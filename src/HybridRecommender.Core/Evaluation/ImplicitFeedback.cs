using HybridRecommender.Core.Data;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// The binary user × movie matrix X of a set of ratings — every rating is a positive, whatever its
/// value (implicit feedback) — kept as each user's sorted movie indices, with each movie's count.
/// </summary>
public sealed class ImplicitFeedback
{
    private readonly int[][] _moviesOf;
    private readonly int[] _counts;

    private ImplicitFeedback(int[][] moviesOf, int[] counts)
    {
        _moviesOf = moviesOf;
        _counts = counts;
    }

    public int Users => _moviesOf.Length;
    public int Movies => _counts.Length;
    /// <summary>Nonzero entries of X (the number of ratings given).</summary>
    public long Positives => _counts.Sum(c => (long)c);

    /// <summary>The user's movie indices, ascending: row u of X.</summary>
    public ReadOnlySpan<int> MoviesOf(int user) => _moviesOf[user];
    /// <summary>Users who rated the movie: column sum of X.</summary>
    public int CountOf(int movie) => _counts[movie];
    public IReadOnlyList<int> Counts => _counts;

    /// <summary>X of the ratings at <paramref name="positions"/> (e.g. a split's train positions).</summary>
    public static ImplicitFeedback FromRatings(RatingTable ratings, IReadOnlyList<int> positions, int users, int movies)
    {
        var lists = new List<int>[users];
        for (var u = 0; u < users; u++) lists[u] = [];
        var counts = new int[movies];
        foreach (var i in positions)
        {
            lists[ratings.UserIndex[i]].Add(ratings.MovieIndex[i]);
            counts[ratings.MovieIndex[i]]++;
        }
        // A (user, movie) pair occurs once in a RatingTable (the reader refuses duplicates), so no dedup is needed.
        return new ImplicitFeedback(lists.Select(l => l.Order().ToArray()).ToArray(), counts);
    }

    /// <summary>X from explicit per-user movie lists (tests, or serving from a bundle's rated movies).</summary>
    public static ImplicitFeedback FromLists(IReadOnlyList<IReadOnlyList<int>> moviesOfUser, int movies)
    {
        var counts = new int[movies];
        var lists = new int[moviesOfUser.Count][];
        for (var u = 0; u < lists.Length; u++)
        {
            lists[u] = moviesOfUser[u].Distinct().Order().ToArray();
            foreach (var m in lists[u])
            {
                if (m < 0 || m >= movies) throw new ArgumentOutOfRangeException(nameof(moviesOfUser), $"User {u} lists movie {m}; valid indices are 0–{movies - 1}.");
                counts[m]++;
            }
        }
        return new ImplicitFeedback(lists, counts);
    }
}
