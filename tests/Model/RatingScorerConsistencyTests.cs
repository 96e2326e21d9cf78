using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Model;

/// <summary>The inference path (per-movie precomputation) against the training forward pass.</summary>
public sealed class RatingScorerConsistencyTests
{
    public static TheoryData<string> Architectures => new() { "6,4", "", "3" };

    private static HybridNetwork Network(string hidden)
    {
        var h = hidden.Length == 0 ? [] : hidden.Split(',').Select(int.Parse).ToArray();
        var net = TinyNetwork.Create(h, seed: 5, users: 7, movies: 9, genres: 4, dim: 5);
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
    public void ScoreAll_equals_Predict_bitwise(string hidden)
    {
        var net = TinyNetwork.Create(hidden.Length == 0 ? [] : hidden.Split(',').Select(int.Parse).ToArray(), seed: 9, users: 7, movies: 9, genres: 4, dim: 5);
        var scorer = new RatingScorer(net, 1f, 5f);
        var scores = new float[net.Shape.Movies];
        for (var u = 0; u < net.Shape.Users; u++)
        {
            scorer.ScoreAll(u, scores);
            for (var m = 0; m < scores.Length; m++)
                Assert.Equal(BitConverter.SingleToInt32Bits(scorer.Predict(u, m)), BitConverter.SingleToInt32Bits(scores[m]));
        }
    }

    [Fact]
    public void Scorer_is_a_snapshot_of_the_weights()
    {
        var net = Network("6,4");
        var scorer = new RatingScorer(net, 1f, 5f);
        var before = scorer.Predict(2, 3);
        foreach (var p in net.Parameters()) Array.Clear(p.Value.Data);
        Assert.Equal(before, scorer.Predict(2, 3));
    }
}
