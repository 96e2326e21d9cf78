namespace HybridRecommender.Core.Data;

/// <summary>
/// Maps MovieLens ids to dense indices. MovieLens ids are small positive integers, so an array
/// indexed by id is a few hundred KB and much faster than a dictionary for a million look-ups; ids
/// too large for that (or negative) go to a dictionary.
/// </summary>
internal sealed class DenseIdMap
{
    private const int MaxDenseId = 1 << 24;

    // Slot holds index + 1 so a fresh (zeroed) array means "absent" without a fill pass.
    private int[] _slots = new int[1024];
    private Dictionary<int, int>? _sparse;

    private readonly List<int> _ids = new();

    public int Count => _ids.Count;

    /// <summary>The ids in index order.</summary>
    public IReadOnlyList<int> Ids => _ids;

    /// <summary>Adds id with the next index; false when the id is already present.</summary>
    public bool TryAdd(int id, out int index)
    {
        if ((uint)id < MaxDenseId)
        {
            if (id >= _slots.Length)
                Array.Resize(ref _slots, Math.Min(MaxDenseId, Math.Max(id + 1, _slots.Length * 2)));
            if (_slots[id] != 0)
            {
                index = _slots[id] - 1;
                return false;
            }
            index = _ids.Count;
            _ids.Add(id);
            _slots[id] = index + 1;
            return true;
        }
        _sparse ??= new Dictionary<int, int>();
        if (_sparse.TryGetValue(id, out index))
            return false;
        index = _ids.Count;
        _ids.Add(id);
        _sparse.Add(id, index);
        return true;
    }

    public bool TryGetIndex(int id, out int index)
    {
        if ((uint)id < (uint)_slots.Length)
        {
            index = _slots[id] - 1;
            return index >= 0;
        }
        if (_sparse is not null)
            return _sparse.TryGetValue(id, out index);
        index = -1;
        return false;
    }
}
