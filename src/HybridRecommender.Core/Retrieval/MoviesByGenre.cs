using System.Collections.Concurrent;
using System.Numerics;

namespace HybridRecommender.Core.Retrieval;

/// <summary>
/// Each genre's movies (sorted movie indices), built once from a catalogue's genre masks, so a genre filter's movies are listed from
/// its genres' lists instead of a scan of every movie's mask (1M masks per request at a million movies), and its size is known
/// exactly. Movies that <c>excluded</c> names (retired ones) are in no list. Immutable apart from a bounded cache of sizes; thread-safe.
/// </summary>
public sealed class MoviesByGenre
{
    private readonly int[][] _lists;
    private readonly ulong[] _masks;
    private readonly ConcurrentDictionary<(ulong Mask, bool All), int> _counts = new();

    /// <summary>Distinct filters whose size is remembered; past it the cache starts over (a size costs one pass over the genres' lists).</summary>
    public const int CachedFilters = 4_096;

    public MoviesByGenre(ulong[] masks, int genres, Func<int, bool>? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(masks);
        if (genres is < 0 or > 64) throw new ArgumentOutOfRangeException(nameof(genres), $"A genre mask holds 0 … 64 genres; got {genres}.");
        _masks = masks;
        var counts = new int[genres];
        for (var m = 0; m < masks.Length; m++)
            if (excluded is null || !excluded(m))
                for (var mask = masks[m]; mask != 0; mask &= mask - 1)
                {
                    var g = BitOperations.TrailingZeroCount(mask);
                    if (g < genres) counts[g]++;
                }
        _lists = counts.Select(c => new int[c]).ToArray();
        var filled = new int[genres];
        for (var m = 0; m < masks.Length; m++)
            if (excluded is null || !excluded(m))
                for (var mask = masks[m]; mask != 0; mask &= mask - 1)
                {
                    var g = BitOperations.TrailingZeroCount(mask);
                    if (g < genres) _lists[g][filled[g]++] = m;
                }
    }

    public int Genres => _lists.Length;

    /// <summary>How many movies have genre <paramref name="genre"/>.</summary>
    public int Count(int genre) => _lists[genre].Length;

    /// <summary>The movies of genre <paramref name="genre"/>, ascending.</summary>
    public ReadOnlySpan<int> Movies(int genre) => _lists[genre];

    /// <summary>
    /// The movies with any (<paramref name="all"/>: every one) of the genres in <paramref name="mask"/>, each once: ascending for "all",
    /// genre by genre for "any". Costs the length of the rarest genre's list ("all") or of the genres' lists ("any").
    /// </summary>
    public int[] Accepted(ulong mask, bool all)
    {
        var result = new List<int>();
        Walk(mask, all, result.Add);
        return result.ToArray();
    }

    /// <summary>How many movies <see cref="Accepted"/> lists, remembered per filter.</summary>
    public int AcceptedCount(ulong mask, bool all)
    {
        if (_counts.TryGetValue((mask, all), out var known)) return known;
        var count = 0;
        Walk(mask, all, _ => count++);
        if (_counts.Count >= CachedFilters) _counts.Clear();
        _counts[(mask, all)] = count;
        return count;
    }

    private void Walk(ulong mask, bool all, Action<int> visit)
    {
        var genres = mask & (Genres == 64 ? ulong.MaxValue : (1UL << Genres) - 1);
        if (genres == 0 || (all && genres != mask)) return; // "all" of a genre the catalogue does not know: no movie has it
        if (all)
        {
            // Walk the rarest genre's list and keep the movies that have the others too.
            var rarest = -1;
            for (var rest = genres; rest != 0; rest &= rest - 1)
            {
                var g = BitOperations.TrailingZeroCount(rest);
                if (rarest < 0 || _lists[g].Length < _lists[rarest].Length) rarest = g;
            }
            foreach (var m in _lists[rarest])
                if ((_masks[m] & genres) == genres) visit(m);
            return;
        }
        // "Any": each genre's list in turn, skipping movies an earlier genre of the filter already listed.
        var earlier = 0UL;
        for (var rest = genres; rest != 0; rest &= rest - 1)
        {
            var g = BitOperations.TrailingZeroCount(rest);
            foreach (var m in _lists[g])
                if ((_masks[m] & earlier) == 0) visit(m);
            earlier |= 1UL << g;
        }
    }
}
