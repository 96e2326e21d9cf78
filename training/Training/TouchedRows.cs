namespace HybridRecommender.Training;

/// <summary>
/// The distinct rows of one table that a batch touches, in order of first touch, and each touch's position among them:
/// what <see cref="SampledBatchStep"/> gathers, differentiates and hands to <see cref="LazyRowAdam"/>. O(touches), with a
/// slot per table row that is reset after each batch.
/// </summary>
public sealed class TouchedRows(int tableRows)
{
    private readonly int[] _slot = Enumerable.Repeat(-1, tableRows).ToArray();
    private readonly List<long> _rows = [];

    public int Count => _rows.Count;

    /// <summary>The position of <paramref name="row"/> among the distinct rows, adding it on its first touch.</summary>
    public long Touch(long row)
    {
        ref var slot = ref _slot[row];
        if (slot < 0)
        {
            slot = _rows.Count;
            _rows.Add(row);
        }
        return slot;
    }

    /// <summary>The distinct rows touched since the last call, and a clean slate for the next batch.</summary>
    public long[] Take()
    {
        var rows = _rows.ToArray();
        foreach (var r in rows) _slot[r] = -1;
        _rows.Clear();
        return rows;
    }
}
