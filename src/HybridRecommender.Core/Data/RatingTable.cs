namespace HybridRecommender.Core.Data;

/// <summary>
/// All ratings as parallel arrays (struct-of-arrays): a million ratings are four arrays, not a
/// million objects. Indices are dense positions from the dataset's <see cref="IdIndex"/> maps.
/// </summary>
public sealed class RatingTable
{
    public RatingTable(int[] userIndex, int[] movieIndex, float[] rating, long[] timestamp)
    {
        if (movieIndex.Length != userIndex.Length || rating.Length != userIndex.Length || timestamp.Length != userIndex.Length)
            throw new ArgumentException("Rating arrays must have the same length.");
        UserIndex = userIndex;
        MovieIndex = movieIndex;
        Rating = rating;
        Timestamp = timestamp;
    }

    public int[] UserIndex { get; }
    public int[] MovieIndex { get; }
    public float[] Rating { get; }
    /// <summary>Unix seconds. Zero where unknown (see ml-1m PROVENANCE: users ≥ 3000 in the shared copy).</summary>
    public long[] Timestamp { get; }

    public int Count => UserIndex.Length;
}
