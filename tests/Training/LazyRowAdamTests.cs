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
        long[] rows = [3, 0, 4, 1, 2]; // any order of the rows
        var all = tensor(rows);
        for (var step = 0; step < 6; step++)
        {
            var g = Enumerable.Range(0, 15).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            using var gradient = tensor(g, [5, 3]);
            adam.zero_grad();
            dense.grad = gradient.clone();
            adam.step();
            lazyAdam.Step(rows, gradient.index_select(0, all), 0.05);
        }
        var expected = dense.detach().data<float>().ToArray();
        var actual = lazy.detach().data<float>().ToArray();
        for (var k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], 1e-6f);
        Assert.Equal(6, lazyAdam.Steps);
    }

    [Theory]
    [InlineData(96, 1)]   // the embedding tables' width: whole vectors, one thread
    [InlineData(96, 2)]   // … split over two threads (rows × width above the parallel threshold)
    [InlineData(1, 1)]    // the bias tables: the scalar tail only
    [InlineData(13, 2)]   // a width that is not a multiple of the vector size
    public void The_fused_pass_is_the_tensor_update(int width, int threads)
    {
        var rng = new Random(5);
        const int tableRows = 1_000;
        var start = Enumerable.Range(0, tableRows * width).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        using var fusedTable = tensor(start, [tableRows, width]);
        using var tensorTable = tensor(start, [tableRows, width]);
        using var fused = new LazyRowAdam(fusedTable, fused: true, threads: threads);
        using var ops = new LazyRowAdam(tensorTable, fused: false);
        for (var step = 0; step < 4; step++)
        {
            // Most rows, in a random order (many touched twice over the steps, some never).
            var rows = Enumerable.Range(0, tableRows).Where(_ => rng.NextDouble() < 0.8).OrderBy(_ => rng.Next()).Select(r => (long)r).ToArray();
            using var g = tensor(Enumerable.Range(0, rows.Length * width).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray(), [rows.Length, width]);
            fused.Step(rows, g, 0.05);
            ops.Step(rows, g, 0.05);
        }
        var expected = tensorTable.data<float>().ToArray();
        var actual = fusedTable.data<float>().ToArray();
        for (var k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], 1e-6f);
    }

    [Fact]
    public void A_gradient_of_the_wrong_shape_is_refused()
    {
        using var w = tensor(new float[6], [3, 2]);
        using var adam = new LazyRowAdam(w);
        Assert.Throws<ArgumentException>(() => adam.Step([0, 1], tensor(new float[2], [1, 2]), 0.1));
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

        adam.Step([0], tensor(new[] { 0.5f }, [1, 1]), 0.1);
        var row0 = w.data<float>()[0];
        Assert.Equal(0.9f, row0, 1e-6f);
        Assert.Equal(2f, w.data<float>()[1]);

        adam.Step([1], tensor(new[] { -2f }, [1, 1]), 0.1);
        Assert.Equal(row0, w.data<float>()[0]); // bit for bit
        Assert.Equal(2.0744136f, w.data<float>()[1], 1e-6f);
    }
}
