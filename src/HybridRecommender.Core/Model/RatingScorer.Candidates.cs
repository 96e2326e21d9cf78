using System.Numerics.Tensors;

namespace HybridRecommender.Core.Model;

// The ranking score of a chosen set of movies (the candidates of two-stage retrieval) and the per-movie rows the
// retrieval index is built from. Each candidate's score is computed by the same per-movie code as RankScoreAll, so a
// candidate scores bit for bit what it scores in the full pass (test: TwoStageRankingTests).
public sealed partial class RatingScorer
{
    /// <summary>v_i: movie <paramref name="movie"/>'s row of relevance_embedding (the head must exist).</summary>
    public ReadOnlySpan<float> RelevanceVector(int movie) => new(_relevanceVector, movie * _dim, _dim);

    /// <summary>c_i: movie <paramref name="movie"/>'s relevance_bias.</summary>
    public float RelevanceBias(int movie) => _relevanceConstant[movie];

    /// <summary>The rating head's per-movie constant: global_bias + movie_bias_i (+ the output layer's movie half with no hidden layer).</summary>
    public float RatingConstant(int movie) => _movieConstant[movie];

    /// <summary>
    /// <see cref="RankScoreAll(UserProfile, Span{float}, float)"/> for the movies <paramref name="movies"/> only:
    /// <paramref name="scores"/>[k] is the ranking score of movie <paramref name="movies"/>[k].
    /// </summary>
    public void RankScoreMovies(UserProfile profile, ReadOnlySpan<int> movies, Span<float> scores, float ratingWeight)
    {
        var p = CheckProfile(profile);
        if (scores.Length != movies.Length) throw new ArgumentException($"Expected {movies.Length} score slots; got {scores.Length}.", nameof(scores));
        foreach (var m in movies)
            if ((uint)m >= (uint)_movies) throw new ArgumentOutOfRangeException(nameof(movies), $"Movie index {m} is outside [0, {_movies}).");
        if (HasRelevanceHead)
        {
            for (var k = 0; k < movies.Length; k++)
                scores[k] = _relevanceConstant[movies[k]] + FusedDot(p, new ReadOnlySpan<float>(_relevanceVector, movies[k] * _dim, _dim));
            if (ratingWeight == 0) return;
        }
        Span<float> userHidden = stackalloc float[Math.Max(_h1, 1)];
        var scratch = RentScratch();
        PrepareUser(p, userHidden);
        if (!HasRelevanceHead)
        {
            for (var k = 0; k < movies.Length; k++) scores[k] = RawScore(p, profile.Bias, movies[k], userHidden, scratch);
            return;
        }
        var rented = System.Buffers.ArrayPool<float>.Shared.Rent(movies.Length);
        try
        {
            var raw = rented.AsSpan(0, movies.Length);
            for (var k = 0; k < movies.Length; k++) raw[k] = RawScore(p, profile.Bias, movies[k], userHidden, scratch);
            // The same element-wise operation as the full pass (s + β·r̂, not fused), so the bits agree.
            TensorPrimitives.MultiplyAdd(raw, ratingWeight, scores, scores);
        }
        finally { System.Buffers.ArrayPool<float>.Shared.Return(rented); }
    }
}
