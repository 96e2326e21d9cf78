namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// G = XᵀX of the implicit matrix, restricted to the movies with at least one positive ("items";
/// the others have an all-zero column, which would only add λ-diagonal rows that score nothing).
/// Computed once and shared by every λ of a search: fitting EASE at another λ only changes G's diagonal.
/// </summary>
public sealed class EaseGram
{
    private readonly double[] _gram; // items × items, row-major; only the upper triangle is filled

    private EaseGram(ImplicitFeedback feedback, int[] movieOfItem, int[] itemOfMovie, double[] gram)
    {
        Feedback = feedback;
        MovieOfItem = movieOfItem;
        ItemOfMovie = itemOfMovie;
        _gram = gram;
    }

    public ImplicitFeedback Feedback { get; }
    /// <summary>Movie index of each item, ascending.</summary>
    public IReadOnlyList<int> MovieOfItem { get; }
    /// <summary>Item of each movie index, or −1 for a movie with no positive.</summary>
    public IReadOnlyList<int> ItemOfMovie { get; }
    public int Items => MovieOfItem.Count;

    /// <summary>G[a, b] for items a ≤ b: users having both (on the diagonal: the item's count).</summary>
    public double this[int a, int b] => a <= b ? _gram[(long)a * Items + b] : _gram[(long)b * Items + a];

    /// <summary>The upper triangle, row-major (items × items); what <see cref="CholeskyInverse"/> reads.</summary>
    internal ReadOnlySpan<double> Upper => _gram;

    public static EaseGram Of(ImplicitFeedback feedback, int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads));
        var itemOfMovie = new int[feedback.Movies];
        var movieOfItem = new List<int>();
        for (var m = 0; m < feedback.Movies; m++)
        {
            itemOfMovie[m] = feedback.CountOf(m) > 0 ? movieOfItem.Count : -1;
            if (itemOfMovie[m] >= 0) movieOfItem.Add(m);
        }
        var n = movieOfItem.Count;
        if (n == 0) throw new ArgumentException("No positives: EASE needs at least one rating.", nameof(feedback));
        var gram = new double[(long)n * n];
        var items = new int[feedback.Users][];
        for (var u = 0; u < items.Length; u++)
        {
            var movies = feedback.MoviesOf(u);
            items[u] = new int[movies.Length];
            for (var k = 0; k < movies.Length; k++) items[u][k] = itemOfMovie[movies[k]]; // ascending, as the movies are
        }
        // Each thread owns the rows a ≡ t (mod threads), so no two threads write the same entry.
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            foreach (var list in items)
                for (var x = 0; x < list.Length; x++)
                {
                    var a = list[x];
                    if (a % threads != t) continue;
                    var row = (long)a * n;
                    for (var y = x; y < list.Length; y++) gram[row + list[y]] += 1;
                }
        });
        return new EaseGram(feedback, movieOfItem.ToArray(), itemOfMovie, gram);
    }
}
