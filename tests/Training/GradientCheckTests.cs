using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Training;

/// <summary>
/// ForwardBackward's gradients against central finite differences, for every scalar of every
/// parameter, with all three L2 terms on and (in some cases) dropout. The loss as a function of any
/// single scalar is a quadratic between ReLU kinks (r̂ is linear in each weight), so central
/// differences are exact up to rounding as long as no kink is crossed — which the tests check.
/// </summary>
public sealed class GradientCheckTests
{
    // Strong regularisation so that a dropped or mis-scaled L2 term moves gradients well past the tolerance.
    private static readonly RegularisationOptions Reg = new(Embedding: 0.3f, Bias: 0.2f, Dense: 0.1f);
    private const ulong DropoutSeed = 0x5EEDUL;

    public static TheoryData<string, float, int> Cases => new()
    {
        { "4,3", 0f, 1 },
        { "", 0f, 1 },
        { "5", 0f, 1 },
        { "4,3", 0.3f, 1 },
        { "5", 0.4f, 1 },
        // Several workers: per-thread dense gradients are reduced, genre_projection is transposed back.
        { "4,3", 0.3f, 3 },
        { "", 0f, 2 },
    };

    private static int[] Hidden(string text) => text.Length == 0 ? [] : text.Split(',').Select(int.Parse).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_finite_differences_of_a_double_precision_reference(string hidden, float dropout, int threads)
    {
        var net = TinyNetwork.Create(Hidden(hidden), seed: 11);
        var batch = TinyNetwork.SampleBatch();
        var reg = Reg with { Dropout = dropout };
        var grads = new BatchGradients(net, 16);
        new ForwardBackward(net, threads).Compute(batch, grads, reg, DropoutSeed);
        var analytic = TinyNetwork.AnalyticGradients(net, batch, grads);

        var w = TinyNetwork.Weights(net);
        var baseLoss = TinyNetwork.ReferenceLoss(net.Shape, w, net.MovieGenres.Data, batch, reg, DropoutSeed, null, out var minAbsZ);
        // Setup guard: eps = 1e-6 cannot cross a kink this far away.
        Assert.True(minAbsZ > 1e-3, $"a hidden unit sits at a ReLU kink (|z| = {minAbsZ}); pick another seed");
        // The training pass reports the same regularised loss that it differentiates.
        Assert.InRange(grads.Loss, baseLoss - 1e-5 * Math.Abs(baseLoss), baseLoss + 1e-5 * Math.Abs(baseLoss));
        if (dropout > 0) AssertDropoutDropsSomeButNotAll(net, batch, dropout);

        const double eps = 1e-6;
        var checkedCount = 0;
        foreach (var (name, values) in w)
        {
            Assert.True(analytic.ContainsKey(name), $"no gradient for {name}");
            for (var i = 0; i < values.Length; i++)
            {
                var original = values[i];
                values[i] = original + eps;
                var plus = TinyNetwork.ReferenceLoss(net.Shape, w, net.MovieGenres.Data, batch, reg, DropoutSeed, null, out _);
                values[i] = original - eps;
                var minus = TinyNetwork.ReferenceLoss(net.Shape, w, net.MovieGenres.Data, batch, reg, DropoutSeed, null, out _);
                values[i] = original;
                var numeric = (plus - minus) / (2 * eps);
                var got = analytic[name][i];
                // float32 gradients of O(1) terms are good to ~1e-6; a wrong term is off by O(λ·w/B) ≥ 1e-2.
                Assert.True(Math.Abs(got - numeric) <= 1e-4 + 1e-3 * Math.Abs(numeric),
                    $"{name}[{i}]: analytic {got}, finite difference {numeric}");
                checkedCount++;
            }
        }
        Assert.Equal(net.ParameterCount, checkedCount);
    }

    /// <summary>
    /// The same check against the code's own float32 loss (no reference involved): perturb each weight
    /// of the live network by ±1e-2 and re-run the training pass.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_finite_differences_of_the_training_loss_itself(string hidden, float dropout, int threads)
    {
        var batch = TinyNetwork.SampleBatch();
        var reg = Reg with { Dropout = dropout };
        var net = TinyNetwork.CreateAwayFromKinks(Hidden(hidden), seed: 11, batch, reg, DropoutSeed, margin: 0.1);
        var grads = new BatchGradients(net, 16);
        var pass = new ForwardBackward(net, threads);
        pass.Compute(batch, grads, reg, DropoutSeed);
        var analytic = TinyNetwork.AnalyticGradients(net, batch, grads);
        var basePattern = new List<bool>();
        TinyNetwork.ReferenceLoss(net.Shape, TinyNetwork.Weights(net), net.MovieGenres.Data, batch, reg, DropoutSeed, basePattern, out _);

        const float eps = 1e-2f;
        double worst = 0;
        foreach (var p in net.Parameters())
        {
            var data = p.Value.Data;
            for (var i = 0; i < data.Length; i++)
            {
                var original = data[i];
                var up = data[i] = original + eps;
                AssertSamePattern(net, batch, reg, basePattern, p.Name, i);
                pass.Compute(batch, grads, reg, DropoutSeed);
                var plus = grads.Loss;
                var down = data[i] = original - eps;
                AssertSamePattern(net, batch, reg, basePattern, p.Name, i);
                pass.Compute(batch, grads, reg, DropoutSeed);
                var minus = grads.Loss;
                data[i] = original;
                var numeric = (plus - minus) / ((double)up - down);
                var got = analytic[p.Name][i];
                // Float32 rounding of a loss near 10 is ~1e-6, divided by 2e-2: ~1e-4 of noise.
                var err = Math.Abs(got - numeric) / (1e-3 + 1e-2 * Math.Abs(numeric));
                worst = Math.Max(worst, err);
                Assert.True(err <= 1, $"{p.Name}[{i}]: analytic {got}, finite difference {numeric}");
            }
        }
        Assert.True(worst > 0); // the comparison really ran
    }

    private static void AssertSamePattern(HybridNetwork net, Batch batch, RegularisationOptions reg, List<bool> basePattern, string name, int i)
    {
        var pattern = new List<bool>();
        TinyNetwork.ReferenceLoss(net.Shape, TinyNetwork.Weights(net), net.MovieGenres.Data, batch, reg, DropoutSeed, pattern, out _);
        Assert.True(basePattern.SequenceEqual(pattern), $"setup: perturbing {name}[{i}] crosses a ReLU kink; pick another seed");
    }

    private static void AssertDropoutDropsSomeButNotAll(HybridNetwork net, Batch batch, float rate)
    {
        int kept = 0, dropped = 0;
        for (var j = 0; j < batch.Count; j++)
            for (var l = 0; l < net.Hidden.Count; l++)
                for (var o = 0; o < net.Hidden[l].OutFeatures; o++)
                    if (DropoutMask.Keep(DropoutSeed, batch.Start + j, l, o, rate)) kept++; else dropped++;
        Assert.True(kept > 0 && dropped > 0, $"dropout is not exercised: {kept} kept, {dropped} dropped");
    }

    [Fact]
    public void Only_dense_weights_decay_and_embeddings_are_sparse()
    {
        var net = TinyNetwork.Create([4, 3], seed: 1);
        foreach (var p in net.Parameters())
        {
            if (p.IsSparse) Assert.Contains(p.Name, new[] { "user_embedding.weight", "movie_embedding.weight", "user_bias.weight", "movie_bias.weight" });
            else Assert.Equal(TinyNetwork.Decays(p.Name), p.Decays);
        }
        Assert.Equal(4, net.Parameters().Count(p => p.IsSparse));
    }
}
