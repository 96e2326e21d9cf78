using System.Runtime.Intrinsics;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Core.Training;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) with lazy, row-sparse updates for embedding tables: a row's moments
/// and weights change only in steps whose batch touched that row (as TensorFlow's LazyAdam and
/// PyTorch's SparseAdam do). Bias correction uses the global step count.
/// Per-rating gradient rows are summed into their table rows in batch order, so the update does not
/// depend on thread count; the user side and the movie side run in parallel.
/// </summary>
public sealed class AdamOptimizer
{
    private readonly HybridNetwork _net;
    private readonly Parameter[] _dense;
    private readonly float[][] _m, _v;
    private readonly SparseTable[] _tables;

    public AdamOptimizer(HybridNetwork network, float learningRate, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), "Learning rate must be positive.");
        _net = network;
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        _dense = BatchGradients.DenseParameters(network);
        _m = _dense.Select(p => new float[p.Value.Length]).ToArray();
        _v = _dense.Select(p => new float[p.Value.Length]).ToArray();
        _tables =
        [
            new SparseTable(network.UserEmbedding.Weight, network.UserBias.Weight),
            new SparseTable(network.MovieEmbedding.Weight, network.MovieBias.Weight),
        ];
    }

    public float LearningRate { get; set; }
    public float Beta1 { get; }
    public float Beta2 { get; }
    public float Epsilon { get; }
    public long StepCount { get; private set; }

    public void Step(Batch batch, BatchGradients grads)
    {
        StepCount++;
        var c1 = 1 - Math.Pow(Beta1, StepCount);
        var c2 = 1 - Math.Pow(Beta2, StepCount);
        // Folding bias correction into the step size: lr_t = lr √(1−β2^t) / (1−β1^t).
        var stepSize = (float)(LearningRate * Math.Sqrt(c2) / c1);
        var epsHat = (float)(Epsilon * Math.Sqrt(c2));

        Parallel.Invoke(
            () => _tables[0].Step(batch.Users, batch.Start, batch.Count, grads.UserRows, grads.UserBiasRows, this, stepSize, epsHat),
            () => _tables[1].Step(batch.Movies, batch.Start, batch.Count, grads.MovieRows, grads.MovieBiasRows, this, stepSize, epsHat),
            () =>
            {
                for (var i = 0; i < _dense.Length; i++)
                    Update(_dense[i].Value.Data, grads.Dense[i], _m[i], _v[i], stepSize, epsHat);
            });
    }

    /// <summary>The Adam update of a contiguous block, in place (SIMD; the scalar tail does the same arithmetic).</summary>
    private void Update(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float stepSize, float epsHat)
    {
        var b1 = Beta1; var b2 = Beta2;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vb1 = Vector256.Create(b1); var vc1 = Vector256.Create(1 - b1);
            var vb2 = Vector256.Create(b2); var vc2 = Vector256.Create(1 - b2);
            var vStep = Vector256.Create(stepSize); var vEps = Vector256.Create(epsHat);
            for (; i <= w.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var gi = Vector256.Create(g.Slice(i, Vector256<float>.Count));
                var mi = vb1 * Vector256.Create(m.Slice(i, Vector256<float>.Count)) + vc1 * gi;
                var vi = vb2 * Vector256.Create(v.Slice(i, Vector256<float>.Count)) + vc2 * gi * gi;
                mi.CopyTo(m.Slice(i, Vector256<float>.Count));
                vi.CopyTo(v.Slice(i, Vector256<float>.Count));
                var wi = Vector256.Create(w.Slice(i, Vector256<float>.Count)) - vStep * mi / (Vector256.Sqrt(vi) + vEps);
                wi.CopyTo(w.Slice(i, Vector256<float>.Count));
            }
        }
        for (; i < w.Length; i++)
        {
            var gi = g[i];
            var mi = m[i] = b1 * m[i] + (1 - b1) * gi;
            var vi = v[i] = b2 * v[i] + (1 - b2) * gi * gi;
            w[i] -= stepSize * mi / (MathF.Sqrt(vi) + epsHat);
        }
    }

    /// <summary>An embedding table and its per-row bias, updated on touched rows only.</summary>
    private sealed class SparseTable
    {
        private readonly Parameter _embedding, _bias;
        private readonly int _dim;
        private readonly float[] _accE, _accB, _mE, _vE, _mB, _vB;
        private readonly bool[] _touched;
        private readonly List<int> _rows = new();

        public SparseTable(Parameter embedding, Parameter bias)
        {
            _embedding = embedding;
            _bias = bias;
            _dim = embedding.RowSize;
            _accE = new float[embedding.Value.Length];
            _mE = new float[embedding.Value.Length];
            _vE = new float[embedding.Value.Length];
            _accB = new float[bias.Value.Length];
            _mB = new float[bias.Value.Length];
            _vB = new float[bias.Value.Length];
            _touched = new bool[bias.Value.Length];
        }

        public void Step(int[] index, int start, int count, float[] rowGrads, float[] biasGrads, AdamOptimizer adam, float stepSize, float epsHat)
        {
            var d = _dim;
            for (var j = 0; j < count; j++)
            {
                var r = index[start + j];
                if (!_touched[r]) { _touched[r] = true; _rows.Add(r); }
                System.Numerics.Tensors.TensorPrimitives.Add(_accE.AsSpan(r * d, d), rowGrads.AsSpan(j * d, d), _accE.AsSpan(r * d, d));
                _accB[r] += biasGrads[j];
            }
            var w = _embedding.Value.Data;
            var b = _bias.Value.Data;
            foreach (var r in _rows)
            {
                adam.Update(w.AsSpan(r * d, d), _accE.AsSpan(r * d, d), _mE.AsSpan(r * d, d), _vE.AsSpan(r * d, d), stepSize, epsHat);
                adam.Update(b.AsSpan(r, 1), _accB.AsSpan(r, 1), _mB.AsSpan(r, 1), _vB.AsSpan(r, 1), stepSize, epsHat);
                _accE.AsSpan(r * d, d).Clear();
                _accB[r] = 0;
                _touched[r] = false;
            }
            _rows.Clear();
        }
    }
}
