namespace HybridRecommender.Core.Data;

/// <summary>Splits an ML-1M record ("a::b::c") into its fields, as ranges of the UTF-8 line.</summary>
internal static class DoubleColonFields
{
    private static ReadOnlySpan<byte> Separator => "::"u8;

    /// <summary>
    /// Fills <paramref name="fields"/> with the fields of the line and returns how many there are;
    /// stops counting at fields.Length + 1 so a line with too many fields is detected without
    /// scanning all of it.
    /// </summary>
    public static int Split(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var start = 0;
        while (true)
        {
            var at = line[start..].IndexOf(Separator);
            var end = at < 0 ? line.Length : start + at;
            if (count == fields.Length)
                return count + 1;
            fields[count++] = new Range(start, end);
            if (at < 0)
                return count;
            start = end + Separator.Length;
        }
    }

    /// <summary>
    /// Splits a movies.dat line into id, title and genres. The title is everything between the first
    /// and the last "::", so a title with a stray colon pair still reads. False when there are
    /// fewer than three fields.
    /// </summary>
    public static bool SplitMovie(ReadOnlySpan<byte> line, out Range id, out Range title, out Range genres)
    {
        var first = line.IndexOf(Separator);
        var last = line.LastIndexOf(Separator);
        if (first < 0 || last <= first + 1)
        {
            id = title = genres = default;
            return false;
        }
        id = new Range(0, first);
        title = new Range(first + 2, last);
        genres = new Range(last + 2, line.Length);
        return true;
    }
}
