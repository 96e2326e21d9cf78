namespace HybridRecommender.Core.Data;

/// <summary>
/// The ordered list of genre names. A genre's position is its slot in a movie's multi-hot vector,
/// so the order is part of the model's contract. Look-ups are case-insensitive.
/// </summary>
public sealed class GenreVocabulary
{
    /// <summary>Genres are held as bits of a <see cref="ulong"/> mask per movie.</summary>
    public const int MaxGenres = 64;

    private readonly string[] _names;
    private readonly Dictionary<string, int> _indexOf;

    public GenreVocabulary(IEnumerable<string> names)
    {
        _names = names.ToArray();
        if (_names.Length > MaxGenres)
            throw new ArgumentException($"At most {MaxGenres} genres are supported; got {_names.Length}.", nameof(names));
        _indexOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _names.Length; i++)
        {
            if (!_indexOf.TryAdd(_names[i], i))
                throw new ArgumentException($"Duplicate genre '{_names[i]}'.", nameof(names));
        }
    }

    public int Count => _names.Length;

    public IReadOnlyList<string> Names => _names;

    public string this[int index] => _names[index];

    public bool TryGetIndex(string name, out int index) => _indexOf.TryGetValue(name.Trim(), out index);

    /// <summary>The canonical spelling of a genre name given in any case, or null when unknown.</summary>
    public string? Canonical(string name) => TryGetIndex(name, out var i) ? _names[i] : null;

    /// <summary>The bit mask of a list of genre names; throws on an unknown name.</summary>
    public ulong MaskOf(IEnumerable<string> genres)
    {
        ulong mask = 0;
        foreach (var g in genres)
        {
            if (!TryGetIndex(g, out var i))
                throw new ArgumentException($"Unknown genre '{g}'. Valid genres: {string.Join(", ", _names)}.");
            mask |= 1UL << i;
        }
        return mask;
    }
}
