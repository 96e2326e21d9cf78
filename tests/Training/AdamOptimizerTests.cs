using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Training;

/// <summary>
/// AdamOptimizer (bias correction folded into the step size, lazy sparse rows) against textbook Adam
/// written out in double: m̂ = m/(1−β1^t), v̂ = v/(1−β2^t), w −= lr·m̂/(√v̂ + ε), where a table row's
/// m and v change only in steps that touch the row, and t is the global step.
/// </summary>
public sealed class AdamOptimizerTests
{
    private const double Lr = 0.1, B1 = 0.9, B2 = 0.999, Eps = 1e-8;

    /// <summary>Textbook Adam over named scalars; <paramref name="lazy"/> = false decays every moment every step.</summary>
    private sealed class ReferenceAdam(bool lazy)
    {
        private readonly Dictionary<(string, int), (double M, double V)> _state = new();

        public void Step(int t, Dictionary<string, double[]> w, Dictionary<string, double[]?> g)
        {
            foreach (var (name, values) in w)
            {
                var grad = g.GetValueOrDefault(name);
                for (var i = 0; i < values.Length; i++)
                {
                    var touched = grad is not null && !double.IsNaN(grad[i]);
                    if (!touched && lazy) continue;
                    var gi = touched ? grad![i] : 0;
                    var (m, v) = _state.GetValueOrDefault((name, i));
                    m = B1 * m + (1 - B1) * gi;
                    v = B2 * v + (1 - B2) * gi * gi;
                    _state[(name, i)] = (m, v);
                    values[i] -= Lr * (m / (1 - Math.Pow(B1, t))) / (Math.Sqrt(v / (1 - Math.Pow(B2, t))) + Eps);
                }
            }
        }
    }

    private sealed record StepInput(int[] Users, int[] Movies, float[] UserRows, float[] MovieRows, float[] UserBias, float[] MovieBias, float[] OutWeight);

    // dim 2: 3 users, 2 movies, one genre, no hidden layer (out.weight is [1, 5]).
    private static readonly StepInput[] Steps =
    [
        // user 0 twice and movie 1 twice: their per-rating rows are summed before the update.
        new([0, 0], [1, 1], [0.3f, -0.2f, 0.1f, 0.5f], [-0.6f, 0.2f, 0.1f, 0.1f], [0.2f, -0.05f], [1f, 1f], [0.5f, -1f, 0f, 2f, 0.25f]),
        new([2], [1], [1f, -1f], [0.3f, 0.3f], [0.5f], [-0.5f], [-0.5f, 1f, 0.1f, 2f, 0f]),
        // user 0 again after a step without it: lazy moments resume where they were.
        new([0], [0], [-0.7f, 0.4f], [0.2f, 0.2f], [0.3f], [0.1f], [0.3f, 0.3f, 0.3f, 0.3f, 0.3f]),
    ];

    private static (HybridNetwork Net, AdamOptimizer Adam) Setup()
    {
        var net = TinyNetwork.Create([], seed: 4, users: 3, movies: 2, genres: 1, dim: 2);
        return (net, new AdamOptimizer(net, (float)Lr));
    }

    private static BatchGradients Gradients(HybridNetwork net, StepInput s)
    {
        var grads = new BatchGradients(net, 4);
        s.UserRows.CopyTo(grads.UserRows, 0);
        s.MovieRows.CopyTo(grads.MovieRows, 0);
        s.UserBias.CopyTo(grads.UserBiasRows, 0);
        s.MovieBias.CopyTo(grads.MovieBiasRows, 0);
        var dense = BatchGradients.DenseParameters(net);
        s.OutWeight.CopyTo(grads.Dense[Array.IndexOf(dense, net.Output.Weight)], 0);
        return grads;
    }

    /// <summary>Per-table gradients of a step, NaN on rows the step does not touch.</summary>
    private static Dictionary<string, double[]?> TableGradients(HybridNetwork net, StepInput s)
    {
        double[] Rows(int rows, int dim, int[] index, float[] perRating)
        {
            var g = Enumerable.Repeat(double.NaN, rows * dim).ToArray();
            for (var j = 0; j < index.Length; j++)
                for (var k = 0; k < dim; k++)
                {
                    var at = index[j] * dim + k;
                    g[at] = (double.IsNaN(g[at]) ? 0 : g[at]) + perRating[j * dim + k];
                }
            return g;
        }
        var d = net.Shape.Dim;
        return new Dictionary<string, double[]?>
        {
            ["user_embedding.weight"] = Rows(net.Shape.Users, d, s.Users, s.UserRows),
            ["movie_embedding.weight"] = Rows(net.Shape.Movies, d, s.Movies, s.MovieRows),
            ["user_bias.weight"] = Rows(net.Shape.Users, 1, s.Users, s.UserBias),
            ["movie_bias.weight"] = Rows(net.Shape.Movies, 1, s.Movies, s.MovieBias),
            // Dense parameters always take a step (zero gradient when the batch does not reach them).
            ["global_bias"] = [0],
            ["genre_projection.weight"] = [0, 0],
            ["out.weight"] = s.OutWeight.Select(v => (double)v).ToArray(),
            ["out.bias"] = [0],
        };
    }

    [Fact]
    public void Three_steps_match_textbook_lazy_adam()
    {
        var (net, adam) = Setup();
        var expected = TinyNetwork.Weights(net);
        var reference = new ReferenceAdam(lazy: true);
        for (var t = 1; t <= Steps.Length; t++)
        {
            var s = Steps[t - 1];
            var before = TinyNetwork.Weights(net);
            adam.Step(new Batch(s.Users, s.Movies, new float[s.Users.Length], 0, s.Users.Length), Gradients(net, s));
            reference.Step(t, expected, TableGradients(net, s));
            foreach (var p in net.Parameters())
                for (var i = 0; i < p.Value.Length; i++)
                {
                    // float32 weights of size ~1 moved by ~0.1: agreement to 1e-6.
                    Assert.True(Math.Abs(p.Value.Data[i] - expected[p.Name][i]) < 1e-6,
                        $"step {t}, {p.Name}[{i}]: got {p.Value.Data[i]}, textbook Adam {expected[p.Name][i]}");
                }

            if (t == 1)
            {
                // Hand check of the first step: m̂ = g, v̂ = g², so each weight moves by lr·sign(g).
                Assert.Equal(before["user_embedding.weight"][0] - 0.1, net.UserEmbedding.Weight.Value.Data[0], 1e-6); // g = 0.4
                Assert.Equal(before["user_embedding.weight"][1] - 0.1, net.UserEmbedding.Weight.Value.Data[1], 1e-6); // g = 0.3
                Assert.Equal(before["movie_embedding.weight"][2] + 0.1, net.MovieEmbedding.Weight.Value.Data[2], 1e-6); // g = −0.5
                Assert.Equal(before["out.weight"][1] + 0.1, net.Output.Weight.Value.Data[1], 1e-6); // g = −1
                Assert.Equal(before["out.weight"][2], net.Output.Weight.Value.Data[2]); // g = 0: no move
            }
        }
        Assert.Equal(3, adam.StepCount);
    }

    [Fact]
    public void Rows_untouched_by_a_step_keep_their_weights_bitwise()
    {
        var (net, adam) = Setup();
        var user1 = net.UserEmbedding.Row(1).ToArray();
        var user1Bias = net.UserBias.Weight.Value.Data[1];
        var movie0 = net.MovieEmbedding.Row(0).ToArray();
        for (var t = 0; t < 2; t++)
        {
            var s = Steps[t];
            adam.Step(new Batch(s.Users, s.Movies, new float[s.Users.Length], 0, s.Users.Length), Gradients(net, s));
        }
        Assert.Equal(user1, net.UserEmbedding.Row(1).ToArray());
        Assert.Equal(user1Bias, net.UserBias.Weight.Value.Data[1]);
        Assert.Equal(movie0, net.MovieEmbedding.Row(0).ToArray());
    }

    [Fact]
    public void Lazy_and_dense_moment_decay_differ_enough_for_the_test_to_tell_them_apart()
    {
        // Guard for Three_steps_match_textbook_lazy_adam: an optimiser that decayed untouched rows'
        // moments would put user 0 after step 3 this far from the lazy result.
        var (net, _) = Setup();
        var lazy = TinyNetwork.Weights(net);
        var dense = TinyNetwork.Weights(net);
        var a = new ReferenceAdam(lazy: true);
        var b = new ReferenceAdam(lazy: false);
        for (var t = 1; t <= Steps.Length; t++)
        {
            a.Step(t, lazy, TableGradients(net, Steps[t - 1]));
            b.Step(t, dense, TableGradients(net, Steps[t - 1]));
        }
        Assert.True(Math.Abs(lazy["user_embedding.weight"][0] - dense["user_embedding.weight"][0]) > 1e-3);
    }
}
