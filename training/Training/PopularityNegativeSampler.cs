namespace HybridRecommender.Training;

/// <summary>
/// Draws the sampled softmax's negatives: K movies with replacement from Q(j) ∝ (n_j + 1)^0.75, n_j the movie's train
/// ratings — the word2vec smoothing, so popular movies (the hard negatives) are drawn often and the tail still appears —
/// and gives each draw its log-Q correction log(K·Q(j)), the log of its expected count in the sample. Seeded: the same
/// seed gives the same draws.
/// </summary>
public sealed class PopularityNegativeSampler
{
    public const double Smoothing = 0.75;

    private readonly double[] _cumulative;
    private readonly float[] _logQ;
    private readonly Random _random;

    public PopularityNegativeSampler(IReadOnlyList<int> trainCounts, int seed)
    {
        _cumulative = new double[trainCounts.Count];
        double total = 0;
        for (var j = 0; j < _cumulative.Length; j++) _cumulative[j] = total += Math.Pow(trainCounts[j] + 1, Smoothing);
        _logQ = new float[trainCounts.Count];
        for (var j = 0; j < _logQ.Length; j++) _logQ[j] = (float)(Smoothing * Math.Log(trainCounts[j] + 1) - Math.Log(total));
        _random = new Random(seed);
    }

    /// <summary>log Q(j) of every movie.</summary>
    public IReadOnlyList<float> LogQ => _logQ;

    /// <summary>Fills <paramref name="movies"/> with K = its length draws and <paramref name="correction"/> with log(K·Q) of each.</summary>
    public void Draw(Span<long> movies, Span<float> correction)
    {
        var logK = MathF.Log(movies.Length);
        for (var k = 0; k < movies.Length; k++)
        {
            var x = _random.NextDouble() * _cumulative[^1];
            var j = Array.BinarySearch(_cumulative, x);
            j = Math.Min(j < 0 ? ~j : j + 1, _cumulative.Length - 1);
            movies[k] = j;
            correction[k] = logK + _logQ[j];
        }
    }
}
