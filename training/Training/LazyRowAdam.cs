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
/// is dense Adam exactly (tested). The cost of a step is O(|R|·width), not O(rows·width).
/// </summary>
public sealed class LazyRowAdam : IDisposable
{
    private readonly Tensor _weight;
    private readonly Tensor _m;
    private readonly Tensor _v;
    private readonly double _beta1, _beta2, _epsilon;

    public LazyRowAdam(Tensor weight, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        _weight = weight;
        _m = zeros_like(weight);
        _v = zeros_like(weight);
        (_beta1, _beta2, _epsilon) = (beta1, beta2, epsilon);
    }

    /// <summary>Steps taken so far (t of the bias corrections).</summary>
    public long Steps { get; private set; }

    /// <summary>
    /// One step on <paramref name="rows"/> (int64, distinct: a row given twice would be updated twice) with their gradient
    /// rows <paramref name="gradient"/> ([rows, width], in the same order).
    /// </summary>
    public void Step(Tensor rows, Tensor gradient, double learningRate)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Steps++;
        var g = gradient.detach();
        var m = _m.index_select(0, rows).mul_(_beta1).add_(g, alpha: 1 - _beta1);
        var v = _v.index_select(0, rows).mul_(_beta2).addcmul_(g, g, value: 1 - _beta2);
        var correction1 = 1 - Math.Pow(_beta1, Steps);
        var correction2 = 1 - Math.Pow(_beta2, Steps);
        var denominator = v.sqrt().div_(Math.Sqrt(correction2)).add_(_epsilon);
        var w = _weight.index_select(0, rows).addcdiv_(m, denominator, value: -learningRate / correction1);
        _m.index_copy_(0, rows, m);
        _v.index_copy_(0, rows, v);
        _weight.index_copy_(0, rows, w);
    }

    public void Dispose()
    {
        _m.Dispose();
        _v.Dispose();
    }
}
