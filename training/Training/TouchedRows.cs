namespace HybridRecommender.Training;

/// <summary>
/// The distinct rows of one table that a batch touches, in order of first touch, and each touch's position among them:
/// what <see cref="SampledBatchStep"/> gathers, differentiates and hands to <see cref="LazyRowAdam"/>. O(touches), with a
/// slot per table row that is reset after each batch. Allocation-free after construction (it runs on the step's worker
/// thread, where an allocation could start a garbage collection under a TorchSharp call; see <see cref="StepWorker"/>).
/// </summary>
public sealed class TouchedRows(int tableRows)
{
    private readonly int[] _slot = Enumerable.Repeat(-1, tableRows).ToArray();
    private readonly long[] _rows = new long[tableRows];
    private int _count;

    public int Count => _count;

    /// <summary>The distinct rows touched since the last <see cref="Clear"/>, in order of first touch.</summary>
    public ReadOnlySpan<long> Rows => _rows.AsSpan(0, _count);

    /// <summary>The position of <paramref name="row"/> among the distinct rows, adding it on its first touch.</summary>
    public int Touch(long row)
    {
        ref var slot = ref _slot[row];
        if (slot < 0)
        {
            slot = _count;
            _rows[_count++] = row;
        }
        return slot;
    }

    /// <summary>A clean slate for the next batch.</summary>
    public void Clear()
    {
        foreach (var r in Rows) _slot[r] = -1;
        _count = 0;
    }

    /// <summary>The distinct rows touched since the last call (a new array), and a clean slate for the next batch.</summary>
    public long[] Take()
    {
        var rows = Rows.ToArray();
        Clear();
        return rows;
    }
}
