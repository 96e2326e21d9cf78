using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Model;

/// <summary>The inference path (per-movie precomputation) against the training forward pass.</summary>
[Collection(LibTorchCollection.Name)]
public sealed class RatingScorerConsistencyTests
{
    // "hidden/dim": dim 5 and widths < 8 take the scalar tails only; dim 20 and width 24 take the
    // 16-wide SIMD loop, the 8-wide loop and a tail; 96/64 is the default model's shape.
    public static TheoryData<string> Architectures => new() { "6,4/5", "/5", "3/5", "24/20", "/20", "64/96", "24,8/20" };

    private static int[] Hidden(string arch)
    {
        var hidden = arch.Split('/')[0];
        return hidden.Length == 0 ? [] : hidden.Split(',').Select(int.Parse).ToArray();
    }

    private static int Dim(string arch) => int.Parse(arch.Split('/')[1]);

    private static HybridWeights Network(string arch)
    {
        var net = TinyNetwork.Create(Hidden(arch), seed: 5, users: 7, movies: 9, genres: 4, dim: Dim(arch));
        // Small weights keep r̂ inside [1, 5], so clamping does not mask a difference.
        foreach (var p in net.Parameters().Where(p => p.Name != "global_bias"))
            for (var i = 0; i < p.Value.Length; i++) p.Value.Data[i] *= 0.3f;
        return net;
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Predict_equals_the_training_forward_pass(string hidden)
    {
        var net = Network(hidden);
        var scorer = new RatingScorer(net, 1f, 5f);
        for (var u = 0; u < net.Shape.Users; u++)
            for (var m = 0; m < net.Shape.Movies; m++)
            {
                var training = HandComputedForwardTests.TrainingPrediction(net, u, m);
                Assert.InRange(training, 1.01, 4.99);
                // Same formula, different float summation order (precomputed movie half of fc1).
                Assert.Equal(training, scorer.Predict(u, m), 1e-5);
            }
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ScoreAll_and_RawScoreAll_agree_with_Predict_bitwise(string hidden)
    {
        var net = TinyNetwork.Create(Hidden(hidden), seed: 9, users: 7, movies: 9, genres: 4, dim: Dim(hidden));
        var scorer = new RatingScorer(net, 1f, 5f);
        var scores = new float[net.Shape.Movies];
        var raw = new float[net.Shape.Movies];
        for (var u = 0; u < net.Shape.Users; u++)
        {
            scorer.ScoreAll(u, scores);
            scorer.RawScoreAll(u, raw);
            for (var m = 0; m < scores.Length; m++)
            {
                var predicted = BitConverter.SingleToInt32Bits(scorer.Predict(u, m));
                Assert.Equal(predicted, BitConverter.SingleToInt32Bits(scores[m]));
                // RawScoreAll is the same number before the final clamp.
                Assert.Equal(predicted, BitConverter.SingleToInt32Bits(Math.Clamp(raw[m], 1f, 5f)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void The_profile_path_with_a_trained_profile_is_bitwise_the_user_index_path(string hidden)
    {
        var net = TinyNetwork.Create(Hidden(hidden), seed: 11, users: 7, movies: 9, genres: 4, dim: Dim(hidden));
        var scorer = new RatingScorer(net, 1f, 5f);
        var byIndex = new float[net.Shape.Movies];
        var byProfile = new float[net.Shape.Movies];
        for (var u = 0; u < net.Shape.Users; u++)
        {
            var profile = scorer.TrainedProfile(u);
            Assert.Equal(net.UserEmbedding.Weight.Value.Data.AsSpan(u * net.Shape.Dim, net.Shape.Dim).ToArray(), profile.Vector);
            Assert.Equal(net.UserBias.Weight.Value.Data[u], profile.Bias);
            scorer.RawScoreAll(u, byIndex);
            scorer.RawScoreAll(profile, byProfile);
            for (var m = 0; m < byIndex.Length; m++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(byIndex[m]), BitConverter.SingleToInt32Bits(byProfile[m]));
                Assert.Equal(BitConverter.SingleToInt32Bits(scorer.Predict(u, m)), BitConverter.SingleToInt32Bits(scorer.Predict(profile, m)));
            }
        }
    }

    [Fact]
    public void A_profile_of_the_wrong_dimension_is_rejected()
    {
        var scorer = new RatingScorer(TinyNetwork.Create([4], seed: 1), 1f, 5f);
        var ex = Assert.Throws<ArgumentException>(() => scorer.Predict(new UserProfile(new float[2], 0f), 0));
        Assert.Contains("dimension 3", ex.Message);
        Assert.Throws<ArgumentException>(() => scorer.RawScoreAll(new UserProfile(new float[4], 0f), new float[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Predict(new UserProfile(new float[3], 0f), 5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(16)]
    [InlineData(23)]
    [InlineData(24)]
    [InlineData(41)]
    [InlineData(96)]
    public void Fused_kernels_match_a_double_precision_reference(int n)
    {
        var rng = new Random(n + 1);
        float[] Draw() => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var a = Draw();
        var b = Draw();
        var w = Draw();
        double dot = 0, relu = 0;
        for (var k = 0; k < n; k++)
        {
            dot += (double)a[k] * b[k];
            relu += Math.Max((double)a[k] + b[k], 0) * w[k];
        }
        Assert.Equal(dot, RatingScorer.FusedDot(a, b), 1e-5);
        Assert.Equal(relu, RatingScorer.ReluDot(a, b, w), 1e-5);
    }

    [Fact]
    public void Scorer_is_a_snapshot_of_the_weights()
    {
        var net = Network("6,4/5");
        var scorer = new RatingScorer(net, 1f, 5f);
        var before = scorer.Predict(2, 3);
        foreach (var p in net.Parameters()) Array.Clear(p.Value.Data);
        Assert.Equal(before, scorer.Predict(2, 3));
    }
}
