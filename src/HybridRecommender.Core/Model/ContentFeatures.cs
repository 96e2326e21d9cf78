namespace HybridRecommender.Core.Model;

/// <summary>
/// The content path's input for one movie, x = [g, y]: its genre vector g (the movie_genres row, multi-hot / √count)
/// followed by a one-hot of its release year's bucket y (all zero when the year is unknown). Buckets, not a number:
/// ML-1M's ratings were collected in 2000–2003 and concentrate steeply on the late 1990s, so each of those years gets
/// its own bucket while older films share a decade (docs/MODEL.md, "Content path").
/// </summary>
public static class ContentFeatures
{
    /// <summary>First year of each bucket; bucket 0 is everything before <c>YearBucketStarts[1]</c>.</summary>
    public static readonly IReadOnlyList<int> YearBucketStarts = [int.MinValue, 1930, 1940, 1950, 1960, 1970, 1980, 1990, 1995, 1996, 1997, 1998, 1999, 2000];

    public static int YearBuckets => YearBucketStarts.Count;

    /// <summary>Input width for a vocabulary of <paramref name="genres"/> genres.</summary>
    public static int Width(int genres) => genres + YearBuckets;

    /// <summary>The newest release year in MovieLens 1M: the last bucket holds this year alone.</summary>
    public const int NewestTrainedYear = 2000;

    /// <summary>
    /// The bucket of a release year: the last bucket whose first year is ≤ it; −1 for an unknown year, and for a year after
    /// <see cref="NewestTrainedYear"/>: no film of such a year was seen in training, and the newest bucket's films were rated
    /// little because they were new when the ratings were collected — that is not a fact about a film released later.
    /// </summary>
    public static int YearBucket(int? year)
    {
        if (year is not { } y || y > NewestTrainedYear) return -1;
        var bucket = 0;
        while (bucket + 1 < YearBucketStarts.Count && y >= YearBucketStarts[bucket + 1]) bucket++;
        return bucket;
    }

    /// <summary>Writes x = [g, one-hot(year bucket)] into <paramref name="x"/> (length <see cref="Width"/>).</summary>
    public static void Write(ReadOnlySpan<float> genres, int? year, Span<float> x)
    {
        if (x.Length != Width(genres.Length))
            throw new ArgumentException($"The content input for {genres.Length} genres has {Width(genres.Length)} values; got a buffer of {x.Length}.", nameof(x));
        x.Clear();
        genres.CopyTo(x);
        var bucket = YearBucket(year);
        if (bucket >= 0) x[genres.Length + bucket] = 1f;
    }

    /// <summary>The inputs of every movie, [movies, Width(genres)] row-major, from the movie_genres buffer and the years.</summary>
    public static float[] Rows(ReadOnlySpan<float> movieGenres, IReadOnlyList<int?> years)
    {
        var genres = years.Count == 0 ? 0 : movieGenres.Length / years.Count;
        if (genres * years.Count != movieGenres.Length)
            throw new ArgumentException($"{movieGenres.Length} genre values do not split into {years.Count} movies.", nameof(movieGenres));
        var width = Width(genres);
        var rows = new float[years.Count * width];
        for (var m = 0; m < years.Count; m++)
            Write(movieGenres.Slice(m * genres, genres), years[m], rows.AsSpan(m * width, width));
        return rows;
    }
}
