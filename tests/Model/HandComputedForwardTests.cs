using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;
using TorchSharp;

namespace HybridRecommender.Tests.Model;

/// <summary>Weights set by hand; expected ratings worked out on paper (arithmetic in the comments).</summary>
[Collection(LibTorchCollection.Name)]
public sealed class HandComputedForwardTests
{
    // dim 2, one genre, hidden [2]; 3 users, 2 movies (movie 0 has the genre, movie 1 has none).
    private static HybridWeights HiddenNetwork()
    {
        var net = new HybridWeights(new HybridNetworkShape(3, 2, 1, 2, [2]));
        TinyNetwork.Set(net, "global_bias", 3f);
        TinyNetwork.Set(net, "user_bias.weight", 0.5f, 3f, -4f);
        TinyNetwork.Set(net, "movie_bias.weight", -0.25f, 0.1f);
        TinyNetwork.Set(net, "user_embedding.weight", 1f, 2f, 0f, 0f, 0f, 0f);
        TinyNetwork.Set(net, "movie_embedding.weight", 0.5f, -1f, 0.2f, 0.3f);
        TinyNetwork.Set(net, "genre_projection.weight", 0.4f, -0.2f); // [dim 2, genres 1]
        // fc1 input is [p0, p1, q0, q1, g]
        TinyNetwork.Set(net, "fc1.weight", 0.1f, 0.2f, 0.3f, -0.4f, 0.5f, -0.3f, 0.1f, 0.2f, 0.1f, -1.0f);
        TinyNetwork.Set(net, "fc1.bias", 0.05f, 0.5f);
        TinyNetwork.Set(net, "out.weight", 0.7f, -0.6f);
        TinyNetwork.Set(net, "out.bias", 0.2f);
        net.SetMovieGenres([0b1, 0b0]);
        return net;
    }

    // user 0, movie 0: e = q + W_g g = (0.5+0.4, −1−0.2) = (0.9, −1.2); p·e = 0.9 − 2.4 = −1.5
    //   x = (1, 2, 0.5, −1, 1); z1 = 0.05+0.1+0.4+0.15+0.4+0.5 = 1.6; z2 = 0.5−0.3+0.2+0.1−0.1−1.0 = −0.6 → 0
    //   out = 0.2 + 0.7·1.6 = 1.32;  r̂ = 3 + 0.5 − 0.25 − 1.5 + 1.32 = 3.07
    // user 0, movie 1: e = q = (0.2, 0.3); p·e = 0.8; x = (1, 2, 0.2, 0.3, 0)
    //   z1 = 0.05+0.1+0.4+0.06−0.12 = 0.49; z2 = 0.5−0.3+0.2+0.04+0.03 = 0.47
    //   out = 0.2 + 0.343 − 0.282 = 0.261;  r̂ = 3 + 0.5 + 0.1 + 0.8 + 0.261 = 4.661
    // user 1 (p = 0, b = 3), movie 0: z1 = 0.05+0.15+0.4+0.5 = 1.1, z2 = 0.5+0.1−0.1−1.0 = −0.5 → 0
    //   out = 0.2 + 0.77 = 0.97;  r̂ = 3 + 3 − 0.25 + 0 + 0.97 = 6.72 → clamped to 5
    // user 2 (p = 0, b = −4), movie 0: r̂ = 3 − 4 − 0.25 + 0.97 = −0.28 → clamped to 1
    [Theory]
    [InlineData(0, 0, 3.07, 3.07)]
    [InlineData(0, 1, 4.661, 4.661)]
    [InlineData(1, 0, 6.72, 5.0)]
    [InlineData(2, 0, -0.28, 1.0)]
    public void Hidden_layer_network_matches_hand_arithmetic(int user, int movie, double raw, double clamped)
    {
        var net = HiddenNetwork();
        Assert.Equal(clamped, new RatingScorer(net, 1f, 5f).Predict(user, movie), 5);
        // Training is not clamped: the loss sees the raw r̂.
        Assert.Equal(raw, TrainingPrediction(net, user, movie), 5);
        Assert.Equal(Math.Pow(raw - 4.0, 2), TrainingLoss(net, user, movie, 4f), 5);
        // With γ = 0.5 the loss adds γ|r̂ − r|: e.g. 3.07 vs 4 → 0.93² + 0.5·0.93 = 0.8649 + 0.465.
        Assert.Equal(Math.Pow(raw - 4.0, 2) + 0.5 * Math.Abs(raw - 4.0), TrainingLoss(net, user, movie, 4f, absoluteErrorWeight: 0.5f), 5);
    }

    // No hidden layer: out reads [p, q, g] directly. out.weight = (0.1, −0.2, 0.3, 0.4, −0.5), out.bias 0.1.
    // user 0, movie 1: out = 0.1 + 0.1 − 0.4 + 0.06 + 0.12 + 0 = −0.02; r̂ = 3 + 0.5 + 0.1 + 0.8 − 0.02 = 4.38
    // user 0, movie 0: out = 0.1 + 0.1 − 0.4 + 0.15 − 0.4 − 0.5 = −0.95; r̂ = 3 + 0.5 − 0.25 − 1.5 − 0.95 = 0.8 → 1
    [Theory]
    [InlineData(0, 1, 4.38, 4.38)]
    [InlineData(0, 0, 0.8, 1.0)]
    public void Network_without_hidden_layers_matches_hand_arithmetic(int user, int movie, double raw, double clamped)
    {
        var net = new HybridWeights(new HybridNetworkShape(3, 2, 1, 2, []));
        var hidden = HiddenNetwork();
        foreach (var name in new[] { "global_bias", "user_bias.weight", "movie_bias.weight", "user_embedding.weight", "movie_embedding.weight", "genre_projection.weight" })
            TinyNetwork.Set(net, name, hidden.StateDict()[name].Data);
        TinyNetwork.Set(net, "out.weight", 0.1f, -0.2f, 0.3f, 0.4f, -0.5f);
        TinyNetwork.Set(net, "out.bias", 0.1f);
        net.SetMovieGenres([0b1, 0b0]);
        Assert.Equal(clamped, new RatingScorer(net, 1f, 5f).Predict(user, movie), 5);
        Assert.Equal(raw, TrainingPrediction(net, user, movie), 5);
    }

    [Fact]
    public void Movie_genres_buffer_is_multi_hot_over_root_count_with_zero_rows_for_no_genre()
    {
        var net = new HybridWeights(new HybridNetworkShape(1, 4, 3, 2, []));
        net.SetMovieGenres([0b101, 0b000, 0b111, 0b010]);
        var r2 = (float)(1 / Math.Sqrt(2));
        var r3 = (float)(1 / Math.Sqrt(3));
        Assert.Equal([r2, 0, r2, 0, 0, 0, r3, r3, r3, 0, 1, 0], net.MovieGenres.Data);
    }

    /// <summary>r̂ of the TorchSharp module (what training sees) for the same weights.</summary>
    internal static double TrainingPrediction(HybridWeights net, int user, int movie)
    {
        using var module = TorchNetworks.FromWeights(net);
        using var r = module.forward(torch.tensor(new long[] { user }), torch.tensor(new long[] { movie }));
        return r.item<float>();
    }

    private static double TrainingLoss(HybridWeights net, int user, int movie, float rating, float absoluteErrorWeight = 0)
    {
        using var module = TorchNetworks.FromWeights(net);
        using var loss = Trainer.Loss(module, torch.tensor(new long[] { user }), torch.tensor(new long[] { movie }), torch.tensor(new[] { rating }),
            new RegularisationOptions(0, 0, 0), absoluteErrorWeight, out var error);
        error.Dispose();
        return loss.item<float>();
    }
}
