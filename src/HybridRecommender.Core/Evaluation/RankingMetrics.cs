namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// Top-k ranking metrics of ranked lists with binary relevance. Pure: they see only the ranking and
/// the relevant set, never a model. A list shorter than k counts its missing slots as misses.
/// </summary>
public static class RankingMetrics
{
    /// <summary>Relevant movies among the first k, divided by k.</summary>
    public static double PrecisionAt(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        CheckK(k);
        return (double)Hits(ranked, relevant, k) / k;
    }

    /// <summary>Relevant movies among the first k, divided by the number of relevant movies (0 when none is relevant).</summary>
    public static double RecallAt(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        CheckK(k);
        return relevant.Count == 0 ? 0 : (double)Hits(ranked, relevant, k) / relevant.Count;
    }

    /// <summary>
    /// DCG@k / IDCG@k with gain 1 for a relevant movie and discount 1/log2(rank + 1) (rank from 1);
    /// the ideal ranking puts min(k, |relevant|) relevant movies first. 0 when none is relevant.
    /// </summary>
    public static double NdcgAt(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        CheckK(k);
        if (relevant.Count == 0) return 0;
        double dcg = 0;
        for (var r = 0; r < Math.Min(k, ranked.Count); r++)
            if (relevant.Contains(ranked[r])) dcg += Discount(r);
        double ideal = 0;
        for (var r = 0; r < Math.Min(k, relevant.Count); r++) ideal += Discount(r);
        return dcg / ideal;
    }

    /// <summary>The three metrics averaged over the lists, in list order (so the sum, and the result, never depend on threads).</summary>
    public static RankingScores Of(IReadOnlyList<RankedList> lists, int k)
    {
        CheckK(k);
        if (lists.Count == 0) throw new ArgumentException("No ranked lists to measure.", nameof(lists));
        double p = 0, r = 0, n = 0;
        foreach (var l in lists)
        {
            p += PrecisionAt(l.Ranked, l.Relevant, k);
            r += RecallAt(l.Ranked, l.Relevant, k);
            n += NdcgAt(l.Ranked, l.Relevant, k);
        }
        return new RankingScores(lists.Count, k, p / lists.Count, r / lists.Count, n / lists.Count);
    }

    /// <summary>Each list's NDCG@k, in list order (the per-user figures <see cref="Of"/> averages).</summary>
    public static double[] NdcgPerList(IReadOnlyList<RankedList> lists, int k)
    {
        CheckK(k);
        return lists.Select(l => NdcgAt(l.Ranked, l.Relevant, k)).ToArray();
    }

    private static int Hits(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        var hits = 0;
        for (var r = 0; r < Math.Min(k, ranked.Count); r++)
            if (relevant.Contains(ranked[r])) hits++;
        return hits;
    }

    // Zero-based position r is rank r + 1, discounted by log2(rank + 1).
    private static double Discount(int r) => 1.0 / Math.Log2(r + 2);

    private static void CheckK(int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), $"k must be at least 1; got {k}.");
    }
}
