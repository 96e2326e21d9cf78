namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// The k best-scoring candidates, best first. Equal scores are ordered by the lower index, so the
/// result is a pure function of the scores (no sort instability, no thread dependence).
/// </summary>
public static class TopK
{
    /// <param name="scores">One score per index.</param>
    /// <param name="excluded">Indices that are not candidates (same length as <paramref name="scores"/>).</param>
    /// <param name="k">How many to return at most (fewer when there are fewer candidates).</param>
    public static int[] Select(ReadOnlySpan<float> scores, ReadOnlySpan<bool> excluded, int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), $"k must be at least 1; got {k}.");
        if (excluded.Length != scores.Length) throw new ArgumentException($"{scores.Length} scores but {excluded.Length} exclusion flags.");
        var top = new int[k];
        var topScore = new float[k];
        var n = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (excluded[i]) continue;
            var s = scores[i];
            if (float.IsNaN(s)) throw new ArgumentException($"Score of index {i} is NaN.", nameof(scores));
            // Indices arrive in increasing order, so an equal score never displaces an earlier index.
            if (n == k && !(s > topScore[k - 1])) continue;
            var at = n == k ? k - 1 : n;
            while (at > 0 && s > topScore[at - 1])
            {
                top[at] = top[at - 1];
                topScore[at] = topScore[at - 1];
                at--;
            }
            top[at] = i;
            topScore[at] = s;
            if (n < k) n++;
        }
        return n == k ? top : top[..n];
    }
}
