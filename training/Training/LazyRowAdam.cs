using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace HybridRecommender.Training;

/// <summary>
/// Adam on the rows of one table that a batch touched, lazily — what PyTorch's <c>SparseAdam</c> does and TorchSharp
/// 0.107 lacks. For the touched rows R with gradient rows g, at step t (the number of steps this table has taken):
/// <code>
///   m[R] ← β1·m[R] + (1 − β1)·g        v[R] ← β2·v[R] + (1 − β2)·g²
///   w[R] ← w[R] − lr/(1 − β1^t) · m[R] / (√v[R] / √(1 − β2^t) + ε)
/// </code>
/// which is torch.optim.Adam's update restricted to R; rows outside R keep their weights and moments untouched (dense
/// Adam would keep moving them on stale momentum and decay their moments). When every row is touched at every step it
/// is dense Adam (tested). The cost of a step is O(|R|·width), not O(rows·width).
/// On the CPU the update is one fused pass per row over the table's own memory: written as tensor ops it took ~15 small
/// ops per table (gather m, v and w, update, scatter them back) and was the largest part of a step at the ML-32M shape
/// (26 of 44 ms per batch, docs/BENCHMARKS.md "Training at scale"). Elsewhere (a GPU) it runs as those tensor ops.
/// </summary>
public sealed class LazyRowAdam : IDisposable
{
    private readonly Tensor _weight;
    private readonly Tensor _m;
    private readonly Tensor _v;
    private readonly int _width;
    private readonly double _beta1, _beta2, _epsilon;
    private readonly bool _fused;
    private readonly int _threads;
    // The fused pass's view of the three tables' memory (libtorch's, pinned for the tensors' life): taken once, so a step
    // can run on a thread that makes no TorchSharp call (StepWorker).
    private readonly nint _weightData, _mData, _vData;
    private readonly int _elements;

    /// <summary>Moments start at zero. <paramref name="fused"/>: the fused CPU pass (default on the CPU); false runs the tensor ops (what a GPU runs; tested against the pass). <paramref name="threads"/>: the pass's threads.</summary>
    public LazyRowAdam(Tensor weight, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, bool? fused = null, int threads = 1)
    {
        if (weight.dim() != 2) throw new ArgumentException($"LazyRowAdam steps a [rows, width] table; got {weight.dim()} dimensions.", nameof(weight));
        _weight = weight;
        _width = (int)weight.shape[1];
        _m = zeros_like(weight);
        _v = zeros_like(weight);
        (_beta1, _beta2, _epsilon) = (beta1, beta2, epsilon);
        _fused = fused ?? weight.device_type == DeviceType.CPU;
        _threads = Math.Max(1, threads);
        if (_fused && (weight.device_type != DeviceType.CPU || weight.dtype != ScalarType.Float32 || !weight.is_contiguous()))
            throw new ArgumentException("The fused pass needs a contiguous float32 table on the CPU.", nameof(weight));
        if (_fused)
        {
            _elements = (int)weight.numel();
            (_weightData, _mData, _vData) = (NativeMemory.AddressOf(weight), NativeMemory.AddressOf(_m), NativeMemory.AddressOf(_v));
        }
    }

    /// <summary>Steps taken so far (t of the bias corrections).</summary>
    public long Steps { get; private set; }

    /// <summary>
    /// One step on <paramref name="rows"/> (distinct: a row given twice would be updated twice) with their gradient
    /// rows <paramref name="gradient"/> ([rows, width], in the same order).
    /// </summary>
    public void Step(long[] rows, Tensor gradient, double learningRate)
    {
        if (gradient.shape[0] != rows.Length || gradient.shape[1] != _width)
            throw new ArgumentException($"Expected a [{rows.Length}, {_width}] gradient; got [{string.Join(", ", gradient.shape)}].", nameof(gradient));
        Steps++;
        if (_fused) FusedStep(rows, gradient, learningRate);
        else TensorStep(rows, gradient, learningRate / (1 - Math.Pow(_beta1, Steps)), Math.Sqrt(1 - Math.Pow(_beta2, Steps)));
    }

    /// <summary>
    /// The fused pass on one thread over gradient rows in managed or native memory, making no TorchSharp call and no
    /// allocation: what <see cref="SampledBatchStep"/>'s worker thread runs. CPU tables only.
    /// </summary>
    public void Step(ReadOnlySpan<long> rows, ReadOnlySpan<float> gradient, double learningRate)
    {
        if (!_fused) throw new InvalidOperationException("The span step is the fused CPU pass; this table steps with tensor ops.");
        if (gradient.Length != rows.Length * _width)
            throw new ArgumentException($"Expected {rows.Length} × {_width} gradient values; got {gradient.Length}.", nameof(gradient));
        Steps++;
        Update(learningRate).Apply(rows, 0, rows.Length, gradient, Table(_weightData), Table(_mData), Table(_vData));
    }

    private Span<float> Table(nint data) => NativeMemory.Floats(data, _elements);

    private RowUpdate Update(double learningRate)
    {
        var stepSize = learningRate / (1 - Math.Pow(_beta1, Steps));
        var rootCorrection2 = Math.Sqrt(1 - Math.Pow(_beta2, Steps));
        return new RowUpdate((float)_beta1, (float)_beta2, (float)(1 - _beta1), (float)(1 - _beta2), (float)stepSize, (float)rootCorrection2, (float)_epsilon, _width);
    }

    private void FusedStep(long[] rows, Tensor gradient, double learningRate)
    {
        using var _ = no_grad();
        using var g = gradient.detach().to_type(ScalarType.Float32).contiguous();
        var gradientData = NativeMemory.AddressOf(g);
        var update = Update(learningRate);
        // Random rows of a large table: the pass waits on memory more than it computes, so two threads nearly halve it.
        var chunks = Math.Clamp(rows.Length * _width / ParallelElements, 1, _threads);
        if (chunks == 1) update.Apply(rows, 0, rows.Length, NativeMemory.Floats(gradientData, rows.Length * _width), Table(_weightData), Table(_mData), Table(_vData));
        else Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c => update.Apply(rows,
            (int)((long)c * rows.Length / chunks), (int)((long)(c + 1) * rows.Length / chunks), NativeMemory.Floats(gradientData, rows.Length * _width),
            Table(_weightData), Table(_mData), Table(_vData)));
    }

    /// <summary>Below this many elements a step runs on one thread (a thread hand-off costs more than it saves).</summary>
    private const int ParallelElements = 32_768;

    /// <summary>Adam's update of rows[from..to) in place; rows are distinct, so chunks never share a row.</summary>
    private readonly record struct RowUpdate(float Beta1, float Beta2, float OneMinusBeta1, float OneMinusBeta2, float StepSize, float RootCorrection2, float Epsilon, int Width)
    {
        public void Apply(ReadOnlySpan<long> rows, int from, int to, ReadOnlySpan<float> gradients, Span<float> weights, Span<float> ms, Span<float> vs)
        {
            var (b1, b2, a, s, eps, width) = (Beta1, Beta2, -StepSize, RootCorrection2, Epsilon, Width);
            var (vb1, vb2, va, vs2, veps) = (new Vector<float>(b1), new Vector<float>(b2), new Vector<float>(a), new Vector<float>(s), new Vector<float>(eps));
            var (c1, c2) = (new Vector<float>(OneMinusBeta1), new Vector<float>(OneMinusBeta2));
            for (var k = from; k < to; k++)
            {
                if (k + NativeMemory.PrefetchDistance < to) Prefetch(rows[k + NativeMemory.PrefetchDistance] * width, width, weights, ms, vs);
                var at = (int)(rows[k] * width);
                var gk = gradients.Slice(k * width, width);
                var w = weights.Slice(at, width);
                var m = ms.Slice(at, width);
                var v = vs.Slice(at, width);
                var j = 0;
                if (Vector.IsHardwareAccelerated)
                    for (; j <= width - Vector<float>.Count; j += Vector<float>.Count)
                    {
                        var gj = new Vector<float>(gk[j..]);
                        var mj = vb1 * new Vector<float>(m[j..]) + c1 * gj;
                        var vj = vb2 * new Vector<float>(v[j..]) + c2 * gj * gj;
                        mj.CopyTo(m[j..]);
                        vj.CopyTo(v[j..]);
                        (new Vector<float>(w[j..]) + va * (mj / (Vector.SquareRoot(vj) / vs2 + veps))).CopyTo(w[j..]);
                    }
                for (; j < width; j++)
                {
                    var gj = gk[j];
                    m[j] = b1 * m[j] + OneMinusBeta1 * gj;
                    v[j] = b2 * v[j] + OneMinusBeta2 * gj * gj;
                    w[j] += a * (m[j] / (MathF.Sqrt(v[j]) / s + eps));
                }
            }
        }
    }


    private static unsafe void Prefetch(long at, int width, Span<float> weights, Span<float> firstMoments, Span<float> secondMoments)
    {
        if (!Sse.IsSupported) return;
        fixed (float* w = weights, m = firstMoments, v = secondMoments)
            for (var offset = 0; offset < width; offset += 64 / sizeof(float))
            {
                Sse.Prefetch0(w + at + offset);
                Sse.Prefetch0(m + at + offset);
                Sse.Prefetch0(v + at + offset);
            }
    }

    private void TensorStep(long[] rows, Tensor gradient, double stepSize, double rootCorrection2)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var index = tensor(rows, device: _weight.device);
        var g = gradient.detach();
        var m = _m.index_select(0, index).mul_(_beta1).add_(g, alpha: 1 - _beta1);
        var v = _v.index_select(0, index).mul_(_beta2).addcmul_(g, g, value: 1 - _beta2);
        var denominator = v.sqrt().div_(rootCorrection2).add_(_epsilon);
        var w = _weight.index_select(0, index).addcdiv_(m, denominator, value: -stepSize);
        _m.index_copy_(0, index, m);
        _v.index_copy_(0, index, v);
        _weight.index_copy_(0, index, w);
    }

    public void Dispose()
    {
        _m.Dispose();
        _v.Dispose();
    }
}
