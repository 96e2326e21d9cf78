using System.Numerics.Tensors;

namespace HybridRecommender.Core.Model;

public sealed partial class RatingScorer
{
    /// <summary>
    /// The relevance head's multinomial negative log-likelihood of the chosen movies for a user vector p,
    /// L(p) = Σ_j [log Σ_i exp s_i − s_{i_j}] with s_i = p·v_i + c_i over the whole catalogue (the loss the
    /// head was trained with), its gradient k Σ π_i v_i − Σ_j v_{i_j} (π = softmax(s)) and, when
    /// <paramref name="hessian"/> is given (dim×dim, full, row-major), its Hessian k (Σ π_i v_i v_iᵀ − μμᵀ),
    /// μ = Σ π_i v_i. Convex in p. Used by fold-in (docs/MODEL.md, "Fold-in"); requires the relevance head.
    /// </summary>
    internal double RelevanceNegativeLogLikelihood(ReadOnlySpan<float> p, ReadOnlySpan<int> chosen, Span<double> gradient, Span<double> hessian)
    {
        if (!HasRelevanceHead) throw new InvalidOperationException("These weights have no relevance head.");
        var dim = _dim;
        var k = chosen.Length;
        var s = System.Buffers.ArrayPool<double>.Shared.Rent(_movies);
        float[]? weighted = null;
        try
        {
            var max = double.NegativeInfinity;
            for (var m = 0; m < _movies; m++)
            {
                s[m] = _relevanceConstant[m] + FusedDot(p, new ReadOnlySpan<float>(_relevanceVector, m * dim, dim));
                if (s[m] > max) max = s[m];
            }
            double z = 0;
            for (var m = 0; m < _movies; m++) { s[m] = Math.Exp(s[m] - max); z += s[m]; }
            var logZ = max + Math.Log(z);
            double chosenSum = 0;
            foreach (var i in chosen) chosenSum += _relevanceConstant[i] + FusedDot(p, new ReadOnlySpan<float>(_relevanceVector, i * dim, dim));

            // μ = Σ π_i v_i in double; the gradient k μ − Σ_j v_{i_j}.
            var mu = new double[dim];
            for (var m = 0; m < _movies; m++)
            {
                var pi = s[m] / z;
                s[m] = pi;
                var v = new ReadOnlySpan<float>(_relevanceVector, m * dim, dim);
                for (var d = 0; d < dim; d++) mu[d] += pi * v[d];
            }
            for (var d = 0; d < dim; d++) gradient[d] = k * mu[d];
            foreach (var i in chosen)
            {
                var v = new ReadOnlySpan<float>(_relevanceVector, i * dim, dim);
                for (var d = 0; d < dim; d++) gradient[d] -= v[d];
            }

            if (!hessian.IsEmpty)
            {
                // Σ π_i v_i v_iᵀ as dot products of the columns of diag(√π) V: dim² contiguous SIMD dots of
                // length M (float, fine for a Newton matrix: the line search, not the matrix, guarantees descent).
                weighted = System.Buffers.ArrayPool<float>.Shared.Rent(dim * _movies);
                for (var m = 0; m < _movies; m++)
                {
                    var w = (float)Math.Sqrt(s[m]);
                    var row = m * dim;
                    for (var d = 0; d < dim; d++) weighted[d * _movies + m] = w * _relevanceVector[row + d];
                }
                for (var a = 0; a < dim; a++)
                {
                    var colA = new ReadOnlySpan<float>(weighted, a * _movies, _movies);
                    for (var b = 0; b <= a; b++)
                    {
                        var h = k * ((double)TensorPrimitives.Dot(colA, new ReadOnlySpan<float>(weighted, b * _movies, _movies)) - mu[a] * mu[b]);
                        hessian[a * dim + b] = h;
                        hessian[b * dim + a] = h;
                    }
                }
            }
            return k * logZ - chosenSum;
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(s);
            if (weighted is not null) System.Buffers.ArrayPool<float>.Shared.Return(weighted);
        }
    }
}
