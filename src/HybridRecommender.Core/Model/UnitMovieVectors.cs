using System.Numerics.Tensors;

namespace HybridRecommender.Core.Model;

/// <summary>
/// The movie vectors e_i of a scorer scaled to length 1 (a zero vector stays zero), so a cosine is one dot product. Built once per
/// served catalogue and shared by similar movies and variety re-ranking (at a million movies one table is 384 MB). Immutable.
/// </summary>
public sealed class UnitMovieVectors
{
    private readonly float[] _unit; // [movies, dim]

    public UnitMovieVectors(RatingScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        Dim = scorer.Shape.Dim;
        Count = scorer.MovieCount;
        _unit = new float[Count * Dim];
        const int block = 4_096;
        Parallel.For(0, (Count + block - 1) / block, b =>
        {
            for (int m = b * block, end = Math.Min(Count, m + block); m < end; m++)
            {
                var v = scorer.MovieVector(m);
                var norm = TensorPrimitives.Norm(v);
                if (norm > 0) TensorPrimitives.Divide(v, norm, _unit.AsSpan(m * Dim, Dim));
            }
        });
    }

    public int Dim { get; }
    public int Count { get; }

    /// <summary>Movie <paramref name="movie"/>'s unit vector (all zeros for a zero vector).</summary>
    public ReadOnlySpan<float> Row(int movie) => new(_unit, movie * Dim, Dim);
}
