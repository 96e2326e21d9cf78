using System.Buffers;
using System.Numerics.Tensors;

namespace HybridRecommender.Core.Model;

public sealed partial class RatingScorer
{
    /// <summary>
    /// The relevance head's multinomial negative log-likelihood of the chosen movies for a user vector p,
    /// its gradient and, when <paramref name="hessian"/> is given (dim×dim, full, row-major), its Hessian
    /// (see <see cref="RelevanceLikelihood"/>). Convex in p. Used by fold-in (docs/MODEL.md, "Fold-in");
    /// requires the relevance head.
    /// </summary>
    internal double RelevanceNegativeLogLikelihood(ReadOnlySpan<float> p, ReadOnlySpan<int> chosen, Span<double> gradient, Span<double> hessian)
    {
        using var likelihood = new RelevanceLikelihood(this);
        var value = likelihood.Evaluate(p, chosen);
        likelihood.Gradient(chosen, gradient);
        if (!hessian.IsEmpty) likelihood.Hessian(chosen.Length, hessian);
        return value;
    }

    private double[]? _populationSecondMoment;

    /// <summary>
    /// Σ π_i v_i v_iᵀ at p = 0 (π = softmax of the relevance biases: the population's choice distribution), the
    /// second moment of a new user's first fold-in Hessian; computed once, on first use (null without the head).
    /// </summary>
    internal double[]? PopulationSecondMoment
    {
        get
        {
            if (!HasRelevanceHead) return null;
            return LazyInitializer.EnsureInitialized(ref _populationSecondMoment, () =>
            {
                using var likelihood = new RelevanceLikelihood(this);
                likelihood.Evaluate(new float[_dim], []);
                var moment = new double[_dim * _dim];
                WeightedMoments.SecondMoment(_relevanceVector, _dim, likelihood.Probabilities, moment);
                return moment;
            });
        }
    }

    /// <summary>
    /// L(p) = Σ_j [log Σ_i exp s_i − s_{i_j}] with s_i = p·v_i + c_i over the whole catalogue (the loss the
    /// relevance head was trained with) at one point p, keeping the logits s and π = softmax(s) so that the
    /// gradient k μ − Σ_j v_{i_j} (μ = Σ π_i v_i) and the Hessian k (Σ π_i v_i v_iᵀ − μμᵀ) cost no second pass
    /// over the logits, and a line-search trial (<see cref="Evaluate"/> alone) costs one pass. Not thread-safe
    /// (one per fit); buffers are rented and returned by <see cref="Dispose"/>.
    /// </summary>
    internal sealed class RelevanceLikelihood : IDisposable
    {
        private readonly RatingScorer _scorer;
        private double[]? _weights; // s_i, then π_i; length ≥ movies (rented)
        private float[]? _logits;   // s_i as float (what the served ranking computes); length ≥ movies (rented)
        private readonly double[] _mean;
        private bool _hasMean;

        public RelevanceLikelihood(RatingScorer scorer)
        {
            if (!scorer.HasRelevanceHead) throw new InvalidOperationException("These weights have no relevance head.");
            _scorer = scorer;
            _weights = ArrayPool<double>.Shared.Rent(scorer._movies);
            _logits = ArrayPool<float>.Shared.Rent(scorer._movies);
            _mean = new double[scorer._dim];
        }

        /// <summary>L at the last evaluated point.</summary>
        public double Value { get; private set; }

        /// <summary>The logits s_i at the last evaluated point (float, movies long).</summary>
        public ReadOnlySpan<float> Logits => Live(_logits).AsSpan(0, _scorer._movies);

        /// <summary>Evaluates L at p (logits, π, value); the gradient and Hessian then refer to this point.</summary>
        public double Evaluate(ReadOnlySpan<float> p, ReadOnlySpan<int> chosen)
        {
            var scorer = _scorer;
            var movies = scorer._movies;
            var dim = scorer._dim;
            var logits = Live(_logits).AsSpan(0, movies);
            var pi = Live(_weights).AsSpan(0, movies);
            // s = c + Σ_d p_d V[:, d]: dim contiguous SIMD axpys over the catalogue (no per-movie horizontal sums).
            scorer._relevanceConstant.CopyTo(logits);
            for (var d = 0; d < dim; d++)
                if (p[d] != 0f) TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(scorer.RelevanceVectorByDim, d * movies, movies), p[d], logits, logits);
            TensorPrimitives.ConvertChecked<float, double>(logits, pi);
            var max = TensorPrimitives.Max<double>(pi);
            TensorPrimitives.Subtract(pi, max, pi);
            TensorPrimitives.Exp(pi, pi);
            var z = TensorPrimitives.Sum<double>(pi);
            TensorPrimitives.Divide(pi, z, pi);
            var logZ = max + Math.Log(z);
            double chosenSum = 0;
            foreach (var i in chosen) chosenSum += logits[i];
            _hasMean = false;
            return Value = chosen.Length * logZ - chosenSum;
        }

        /// <summary>∇L = k μ − Σ_j v_{i_j} at the evaluated point.</summary>
        public void Gradient(ReadOnlySpan<int> chosen, Span<double> gradient)
        {
            var dim = _scorer._dim;
            Mean();
            for (var d = 0; d < dim; d++) gradient[d] = chosen.Length * _mean[d];
            foreach (var i in chosen)
            {
                var v = new ReadOnlySpan<float>(_scorer._relevanceVector, i * dim, dim);
                for (var d = 0; d < dim; d++) gradient[d] -= v[d];
            }
        }

        /// <summary>π = softmax(s) at the last evaluated point (movies long).</summary>
        public ReadOnlySpan<double> Probabilities => Live(_weights).AsSpan(0, _scorer._movies);

        /// <summary>
        /// ∇²L = k (Σ π_i v_i v_iᵀ − μμᵀ) at the evaluated point, dim×dim full row-major (k = number of chosen
        /// movies). <paramref name="secondMoment"/>: Σ π_i v_i v_iᵀ when already known at this point (the
        /// population one at p = 0), else computed.
        /// </summary>
        public void Hessian(int chosenCount, Span<double> hessian, ReadOnlySpan<double> secondMoment = default)
        {
            var dim = _scorer._dim;
            Mean();
            if (secondMoment.IsEmpty) WeightedMoments.SecondMoment(_scorer._relevanceVector, dim, Probabilities, hessian);
            else secondMoment[..(dim * dim)].CopyTo(hessian);
            for (var a = 0; a < dim; a++)
                for (var b = 0; b < dim; b++)
                    hessian[a * dim + b] = chosenCount * (hessian[a * dim + b] - _mean[a] * _mean[b]);
        }

        /// <summary>Swaps the evaluated points of two instances (a line search's accepted trial becomes the current point).</summary>
        public void Swap(RelevanceLikelihood other)
        {
            (_weights, other._weights) = (other._weights, _weights);
            (_logits, other._logits) = (other._logits, _logits);
            (_hasMean, other._hasMean) = (other._hasMean, _hasMean);
            (Value, other.Value) = (other.Value, Value);
            var mean = other._mean.AsSpan();
            for (var d = 0; d < mean.Length; d++) (_mean[d], mean[d]) = (mean[d], _mean[d]);
        }

        public void Dispose()
        {
            if (_weights is not null) ArrayPool<double>.Shared.Return(_weights);
            if (_logits is not null) ArrayPool<float>.Shared.Return(_logits);
            _weights = null;
            _logits = null;
        }

        private void Mean()
        {
            if (_hasMean) return;
            WeightedMoments.FirstMoment(_scorer._relevanceVector, _scorer._dim, Probabilities, _mean);
            _hasMean = true;
        }

        private static T[] Live<T>(T[]? buffer) => buffer ?? throw new ObjectDisposedException(nameof(RelevanceLikelihood));
    }
}
