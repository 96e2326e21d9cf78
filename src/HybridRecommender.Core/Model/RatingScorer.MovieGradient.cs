using System.Numerics.Tensors;

namespace HybridRecommender.Core.Model;

// The derivative of r̂ with respect to one movie's rows (q, b) with the user side frozen, for item fold-in
// (MovieFoldIn): the mirror of RatingScorer.UserGradient. The movie is given by its rows, not a row index, so a fit can
// try rows that are in no table; its tables come from MovieTables and its value from RawScore, as for every movie.
// Tested against central finite differences of RawScore (tests/Model/MovieFoldInTests).
public sealed partial class RatingScorer
{
    /// <summary>
    /// Unclamped r̂ of the movie with rows (<paramref name="q"/>, <paramref name="bias"/>, <paramref name="genres"/>) for each
    /// user j of <paramref name="users"/> ([n, dim], with biases <paramref name="userBiases"/>), and, unless
    /// <paramref name="jacobian"/> is empty, ∂r̂/∂q of each as its row j ([n, dim]); ∂r̂/∂b = 1. r̂ is piecewise linear in q:
    /// p_u (from p_u·e_i, e_i = q + W_g g) plus fc1's q-columns weighted by the δ of the active units.
    /// </summary>
    internal void RawScoresOfMovie(ReadOnlySpan<float> q, float bias, ReadOnlySpan<float> genres, ReadOnlySpan<float> users, ReadOnlySpan<float> userBiases,
        Span<float> scores, Span<float> jacobian)
    {
        var n = userBiases.Length;
        Span<float> vector = stackalloc float[_dim];
        var hidden = new float[_h1];
        var constant = MovieTables(q, genres, bias, vector, hidden);
        Span<float> userHidden = stackalloc float[Math.Max(_h1, 1)];
        Span<float> delta = stackalloc float[Math.Max(_h1, 1)];
        var scratch = RentScratch();
        var back = _deeper.Length == 0 ? [] : _deeper.Select(l => new float[l.OutFeatures]).ToArray();
        var width = _dim + _genres;
        for (var j = 0; j < n; j++)
        {
            var p = users.Slice(j * _dim, _dim);
            PrepareUser(p, userHidden);
            scores[j] = RawScore(p, userBiases[j], vector, constant, hidden, userHidden, scratch);
            if (jacobian.IsEmpty) continue;
            var g = jacobian.Slice(j * _dim, _dim);
            p.CopyTo(g);
            if (_h1 == 0)
            {
                TensorPrimitives.Add(g, _outMovie.AsSpan(0, _dim), g);
                continue;
            }
            HiddenDelta(userHidden, hidden, scratch, back, delta);
            for (var o = 0; o < _h1; o++)
                if (delta[o] != 0f) TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(_fc1Movie, o * width, _dim), delta[o], g, g);
        }
    }

    /// <summary>log Σ_j exp s(u, j) over the trained catalogue for the user vector <paramref name="p"/>: the relevance head's log-partition.</summary>
    internal double TrainedLogPartition(ReadOnlySpan<float> p)
    {
        var logits = System.Buffers.ArrayPool<float>.Shared.Rent(_trainedMovies);
        try
        {
            var s = logits.AsSpan(0, _trainedMovies);
            for (var m = 0; m < _trainedMovies; m++)
                s[m] = _relevanceConstant[m] + FusedDot(p, new ReadOnlySpan<float>(_relevanceVector, m * _dim, _dim));
            double max = TensorPrimitives.Max(s);
            double sum = 0;
            foreach (var v in s) sum += Math.Exp(v - max);
            return max + Math.Log(sum);
        }
        finally { System.Buffers.ArrayPool<float>.Shared.Return(logits); }
    }
}
