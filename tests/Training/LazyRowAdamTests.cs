using HybridRecommender.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace HybridRecommender.Tests.Training;

/// <summary>
/// <see cref="LazyRowAdam"/> against torch.optim.Adam when every row is touched (they must agree), and on a hand-computed
/// two-step case where one row is not touched (it must not move, where dense Adam would).
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class LazyRowAdamTests
{
    [Fact]
    public void Touching_every_row_every_step_is_dense_adam()
    {
        var rng = new Random(11);
        var start = Enumerable.Range(0, 5 * 3).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        using var dense = new TorchSharp.Modules.Parameter(tensor(start, [5, 3]));
        using var lazy = new TorchSharp.Modules.Parameter(tensor(start, [5, 3]));
        using var adam = optim.Adam([dense], lr: 0.05);
        using var lazyAdam = new LazyRowAdam(lazy);
        var all = tensor(new long[] { 3, 0, 4, 1, 2 }); // any order of the rows
        for (var step = 0; step < 6; step++)
        {
            var g = Enumerable.Range(0, 15).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            using var gradient = tensor(g, [5, 3]);
            adam.zero_grad();
            dense.grad = gradient.clone();
            adam.step();
            lazyAdam.Step(all, gradient.index_select(0, all), 0.05);
        }
        var expected = dense.detach().data<float>().ToArray();
        var actual = lazy.detach().data<float>().ToArray();
        for (var k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], 1e-6f);
        Assert.Equal(6, lazyAdam.Steps);
    }

    [Fact]
    public void A_hand_computed_case_leaves_untouched_rows_alone()
    {
        // w = [1, 2]; step 1: row 0 with g = 0.5; step 2: row 1 with g = −2; lr 0.1, β1 0.9, β2 0.999, ε 1e-8.
        // Step 1, row 0: m = 0.05, v = 0.00025; m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25 → w0 = 1 − 0.1·0.5/0.5 = 0.9.
        // Step 2 (t = 2), row 1: m = −0.2, v = 0.004; 1 − β1² = 0.19, 1 − β2² = 0.001999;
        //   Δ = −0.1 · (−0.2/0.19) / (√(0.004/0.001999) + 1e-8) = 0.105263158 / 1.414567 = 0.0744136 → w1 = 2.0744136.
        // Row 0 is not touched at step 2: it stays 0.9 (dense Adam would move it to ≈ 0.833 on its momentum).
        using var w = new TorchSharp.Modules.Parameter(tensor(new[] { 1f, 2f }, [2, 1]));
        using var adam = new LazyRowAdam(w);

        adam.Step(tensor(new long[] { 0 }), tensor(new[] { 0.5f }, [1, 1]), 0.1);
        var row0 = w.data<float>()[0];
        Assert.Equal(0.9f, row0, 1e-6f);
        Assert.Equal(2f, w.data<float>()[1]);

        adam.Step(tensor(new long[] { 1 }), tensor(new[] { -2f }, [1, 1]), 0.1);
        Assert.Equal(row0, w.data<float>()[0]); // bit for bit
        Assert.Equal(2.0744136f, w.data<float>()[1], 1e-6f);
    }
}
