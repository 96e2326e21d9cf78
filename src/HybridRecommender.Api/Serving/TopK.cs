namespace HybridRecommender.Api.Serving;

/// <summary>
/// Keeps the best <c>k</c> of a stream of (index, score) pairs with a bounded min-heap, so choosing
/// 10 of 3,700 movies costs O(n log k) and no full sort. Order: higher score first, ties by lower
/// tie key (the movie id) so answers are deterministic. Not thread-safe: one per request.
/// </summary>
public sealed class TopK
{
    private readonly int[] _index;
    private readonly double[] _score;
    private readonly int[] _tie;
    private int _count;

    public TopK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        _index = new int[k];
        _score = new double[k];
        _tie = new int[k];
    }

    public int Count => _count;

    /// <summary>k: how many pairs it keeps.</summary>
    public int Capacity => _index.Length;

    public void Add(int index, double score, int tieKey)
    {
        if (_count < _index.Length)
        {
            Set(_count, index, score, tieKey);
            SiftUp(_count++);
        }
        else if (Ranks(score, tieKey, _score[0], _tie[0]))
        {
            Set(0, index, score, tieKey);
            SiftDown(0);
        }
    }

    /// <summary>The kept pairs, best first.</summary>
    public (int Index, double Score)[] ToSortedArray()
    {
        var result = new (int Index, double Score, int Tie)[_count];
        for (var i = 0; i < _count; i++) result[i] = (_index[i], _score[i], _tie[i]);
        Array.Sort(result, (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Tie.CompareTo(b.Tie));
        return result.Select(r => (r.Index, r.Score)).ToArray();
    }

    // True when (score, tie) ranks above (otherScore, otherTie).
    private static bool Ranks(double score, int tie, double otherScore, int otherTie) =>
        score > otherScore || (score == otherScore && tie < otherTie);

    private void Set(int slot, int index, double score, int tie)
    {
        _index[slot] = index;
        _score[slot] = score;
        _tie[slot] = tie;
    }

    private void Swap(int a, int b)
    {
        (_index[a], _index[b]) = (_index[b], _index[a]);
        (_score[a], _score[b]) = (_score[b], _score[a]);
        (_tie[a], _tie[b]) = (_tie[b], _tie[a]);
    }

    // The root holds the lowest-ranked kept pair, the one to evict first.
    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Ranks(_score[parent], _tie[parent], _score[i], _tie[i])) break;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var lowest = i;
            var left = 2 * i + 1;
            var right = left + 1;
            if (left < _count && Ranks(_score[lowest], _tie[lowest], _score[left], _tie[left])) lowest = left;
            if (right < _count && Ranks(_score[lowest], _tie[lowest], _score[right], _tie[right])) lowest = right;
            if (lowest == i) return;
            Swap(i, lowest);
            i = lowest;
        }
    }
}
