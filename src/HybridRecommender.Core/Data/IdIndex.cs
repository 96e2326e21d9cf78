namespace HybridRecommender.Core.Data;

/// <summary>Dense index map between external ids (MovieLens ids) and 0-based positions in tensors.</summary>
public sealed class IdIndex
{
    private readonly int[] _ids;
    private readonly Dictionary<int, int> _indexOf;

    public IdIndex(IEnumerable<int> ids)
    {
        _ids = ids.ToArray();
        _indexOf = new Dictionary<int, int>(_ids.Length);
        for (var i = 0; i < _ids.Length; i++)
        {
            if (!_indexOf.TryAdd(_ids[i], i))
                throw new ArgumentException($"Duplicate id {_ids[i]} at position {i}.", nameof(ids));
        }
        MinId = _ids.Length == 0 ? 0 : _ids.Min();
        MaxId = _ids.Length == 0 ? 0 : _ids.Max();
    }

    /// <summary>The smallest and largest id (0 when empty); ids in between need not all exist.</summary>
    public int MinId { get; }
    public int MaxId { get; }

    public int Count => _ids.Length;

    /// <summary>The ids in index order.</summary>
    public IReadOnlyList<int> Ids => _ids;

    public int IdAt(int index) => _ids[index];

    public bool TryGetIndex(int id, out int index) => _indexOf.TryGetValue(id, out index);

    public bool Contains(int id) => _indexOf.ContainsKey(id);
}
