namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// Beyond-accuracy measures of ranked lists, pure like <see cref="RankingMetrics"/> (they see the lists
/// and catalogue facts, never a model): catalogue coverage — the share of the catalogue that appears in
/// at least one list — and the long-tail share — the share of list slots given to movies with fewer than
/// a threshold of training ratings. Together they show whether quality comes from collapsing onto
/// blockbusters (low coverage, low tail share) or from recommending obscure titles (high tail share).
/// </summary>
public static class CatalogueMetrics
{
    public const int DefaultLongTailThreshold = 20;

    /// <param name="lists">Each list's movie indices, best first.</param>
    /// <param name="k">Only each list's first k count.</param>
    /// <param name="catalogueSize">The coverage denominator: every movie that could be recommended.</param>
    /// <param name="trainingCounts">Training ratings per movie index.</param>
    /// <param name="longTailThreshold">A movie with fewer training ratings than this is long tail.</param>
    public static CatalogueScores Of(IEnumerable<IReadOnlyList<int>> lists, int k, int catalogueSize, IReadOnlyList<int> trainingCounts,
        int longTailThreshold = DefaultLongTailThreshold)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), $"k must be at least 1; got {k}.");
        if (catalogueSize < 1) throw new ArgumentOutOfRangeException(nameof(catalogueSize), $"The catalogue must hold at least one movie; got {catalogueSize}.");
        if (trainingCounts.Count != catalogueSize)
            throw new ArgumentException($"{trainingCounts.Count} training counts for a catalogue of {catalogueSize}.", nameof(trainingCounts));
        var seen = new bool[catalogueSize];
        int count = 0, slots = 0, distinct = 0, tail = 0;
        foreach (var list in lists)
        {
            count++;
            for (var r = 0; r < Math.Min(k, list.Count); r++)
            {
                var m = list[r];
                if (m < 0 || m >= catalogueSize) throw new ArgumentOutOfRangeException(nameof(lists), $"Movie index {m} is outside the catalogue 0–{catalogueSize - 1}.");
                slots++;
                if (trainingCounts[m] < longTailThreshold) tail++;
                if (!seen[m]) { seen[m] = true; distinct++; }
            }
        }
        if (count == 0) throw new ArgumentException("No lists to measure.", nameof(lists));
        return new CatalogueScores(count, slots, distinct, catalogueSize, (double)distinct / catalogueSize,
            longTailThreshold, tail, slots == 0 ? 0 : (double)tail / slots);
    }

    public static CatalogueScores Of(IReadOnlyList<RankedList> lists, int k, int catalogueSize, IReadOnlyList<int> trainingCounts,
        int longTailThreshold = DefaultLongTailThreshold) =>
        Of(lists.Select(l => l.Ranked), k, catalogueSize, trainingCounts, longTailThreshold);
}
