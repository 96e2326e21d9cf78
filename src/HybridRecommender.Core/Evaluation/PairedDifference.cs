namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// The mean of a per-user difference between two models ranked for the same users, a − b, with its standard error
/// over those users (sample standard deviation of the differences / √n): the gap's sampling variation over users. It
/// does not count the spread between training seeds, the other source of noise in a comparison of two trained models.
/// </summary>
public readonly record struct PairedDifference(int Users, double Mean, double StandardError)
{
    /// <summary>From two per-user figures in the same user order (e.g. each user's NDCG@k under two models).</summary>
    public static PairedDifference Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
            throw new ArgumentException($"Both models must be measured on the same users; got {a.Count} and {b.Count} figures.", nameof(b));
        var n = a.Count;
        if (n < 2) throw new ArgumentException($"A standard error needs at least 2 users; got {n}.", nameof(a));
        double sum = 0;
        for (var u = 0; u < n; u++) sum += a[u] - b[u];
        var mean = sum / n;
        double squares = 0;
        for (var u = 0; u < n; u++)
        {
            var e = a[u] - b[u] - mean;
            squares += e * e;
        }
        return new PairedDifference(n, mean, Math.Sqrt(squares / (n - 1) / n));
    }
}
