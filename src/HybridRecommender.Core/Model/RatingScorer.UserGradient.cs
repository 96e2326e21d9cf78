using System.Numerics.Tensors;

namespace HybridRecommender.Core.Model;

// The derivative of r̂ with respect to the user's side (p, b) with the movie side frozen, for fold-in
// (UserFoldIn). The value always comes from RawScore, the one scoring path; only ∂r̂/∂p is written
// here (∂r̂/∂b = 1). Tested against central finite differences of RawScore (tests/Model/UserFoldInTests).
public sealed partial class RatingScorer
{
    internal int Dim => _dim;

    /// <summary>Unclamped r̂ of (p, b) for each of <paramref name="movies"/>.</summary>
    internal void RawScores(ReadOnlySpan<float> p, float bias, ReadOnlySpan<int> movies, Span<float> scores)
    {
        Span<float> userHidden = stackalloc float[Math.Max(_h1, 1)];
        var scratch = RentScratch();
        PrepareUser(p, userHidden);
        for (var j = 0; j < movies.Length; j++) scores[j] = RawScore(p, bias, movies[j], userHidden, scratch);
    }

    /// <summary>
    /// Unclamped r̂ of (p, b) for each of <paramref name="movies"/>, and ∂r̂/∂p of each as row j of
    /// <paramref name="jacobian"/> ([movies, dim]). r̂ is piecewise linear in p (ReLU), so this is the
    /// gradient of the linear piece p is on: e_i + fc1_pᵀ (δ), δ back-propagated from out through the
    /// active units. At a kink (a pre-activation exactly 0) the unit counts as inactive, like ReLU'(0) = 0 in training.
    /// </summary>
    internal void RawScoresAndGradients(ReadOnlySpan<float> p, float bias, ReadOnlySpan<int> movies, Span<float> scores, Span<float> jacobian)
    {
        Span<float> userHidden = stackalloc float[Math.Max(_h1, 1)];
        Span<float> delta = stackalloc float[Math.Max(_h1, 1)];
        var scratch = RentScratch();
        var back = _deeper.Length == 0 ? [] : _deeper.Select(l => new float[l.OutFeatures]).ToArray();
        PrepareUser(p, userHidden);
        for (var j = 0; j < movies.Length; j++)
        {
            var movie = movies[j];
            scores[j] = RawScore(p, bias, movie, userHidden, scratch);
            var g = jacobian.Slice(j * _dim, _dim);
            new ReadOnlySpan<float>(_movieVector, movie * _dim, _dim).CopyTo(g);
            if (_h1 == 0)
            {
                TensorPrimitives.Add(g, _outWeight, g);
                continue;
            }
            HiddenDelta(userHidden, new ReadOnlySpan<float>(_movieHidden, movie * _h1, _h1), scratch, back, delta);
            for (var o = 0; o < _h1; o++)
                if (delta[o] != 0f) TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(_fc1User, o * _dim, _dim), delta[o], g, g);
        }
    }

    /// <summary>
    /// δ_o = ∂out/∂(fc1 unit o's pre-activation) for the pair RawScore has just scored (its activations are in
    /// <paramref name="scratch"/> when there are layers after fc1): back-propagated from out through the active units; a
    /// unit at a kink (pre-activation exactly 0) counts as inactive, like ReLU'(0) = 0 in training. Shared by the user's
    /// and the movie's gradients: fc1's input is [p, q, g], so both sides see the same δ.
    /// </summary>
    private void HiddenDelta(ReadOnlySpan<float> userHidden, ReadOnlySpan<float> movieHidden, float[][] scratch, float[][] back, Span<float> delta)
    {
        if (_deeper.Length == 0)
        {
            for (var o = 0; o < _h1; o++) delta[o] = userHidden[o] + movieHidden[o] > 0 ? _outWeight[o] : 0f;
            return;
        }
        // scratch[k] holds layer k's post-ReLU activations from RawScore; h > 0 ⇔ z > 0.
        var last = _deeper.Length;
        var upstream = back[last - 1];
        for (var o = 0; o < upstream.Length; o++) upstream[o] = scratch[last][o] > 0 ? _outWeight[o] : 0f;
        for (var k = last - 1; k >= 0; k--)
        {
            var layer = _deeper[k];
            var w = layer.Weight.Value.Data;
            var below = k == 0 ? delta[.._h1] : back[k - 1].AsSpan();
            var active = scratch[k];
            below.Clear();
            for (var o = 0; o < layer.OutFeatures; o++)
            {
                var d = back[k][o];
                if (d != 0f) TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(w, o * layer.InFeatures, layer.InFeatures), d, below, below);
            }
            for (var i = 0; i < below.Length; i++) if (!(active[i] > 0)) below[i] = 0f;
        }
    }
}
