using HybridRecommender.Core.Model;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Model;

public sealed class StateDictTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("statedict-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Names_and_shapes_follow_the_pytorch_layout()
    {
        var net = TinyNetwork.Create([4, 3], seed: 1, users: 4, movies: 5, genres: 3, dim: 2);
        var shapes = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ShapeText);
        Assert.Equal(new Dictionary<string, string>
        {
            ["global_bias"] = "[1]",
            ["user_bias.weight"] = "[4, 1]",
            ["movie_bias.weight"] = "[5, 1]",
            ["user_embedding.weight"] = "[4, 2]",
            ["movie_embedding.weight"] = "[5, 2]",
            ["genre_projection.weight"] = "[2, 3]",
            ["fc1.weight"] = "[4, 7]",
            ["fc1.bias"] = "[4]",
            ["fc2.weight"] = "[3, 4]",
            ["fc2.bias"] = "[3]",
            ["out.weight"] = "[1, 3]",
            ["out.bias"] = "[1]",
            ["movie_genres"] = "[5, 3]",
        }, shapes);
    }

    [Fact]
    public void Safetensors_round_trip_gives_identical_predictions()
    {
        var net = TinyNetwork.Create([4, 3], seed: 3);
        var path = Path.Combine(_folder, "weights.safetensors");
        SafeTensorsFile.Write(path, net.StateDict());
        var fresh = new HybridWeights(net.Shape);
        fresh.LoadStateDict(SafeTensorsFile.Read(path).Tensors);

        var a = new RatingScorer(net, 1f, 5f);
        var b = new RatingScorer(fresh, 1f, 5f);
        for (var u = 0; u < net.Shape.Users; u++)
            for (var m = 0; m < net.Shape.Movies; m++)
                Assert.Equal(BitConverter.SingleToInt32Bits(a.Predict(u, m)), BitConverter.SingleToInt32Bits(b.Predict(u, m)));
        foreach (var (name, t) in net.StateDict()) Assert.Equal(t.Data, fresh.StateDict()[name].Data);
    }

    private static Dictionary<string, Tensor> Copy(HybridWeights net) =>
        net.StateDict().ToDictionary(kv => kv.Key, kv => new Tensor((int[])kv.Value.Shape.Clone(), (float[])kv.Value.Data.Clone()));

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void A_non_finite_value_is_rejected_naming_the_tensor_and_the_network_is_left_as_it_was(float bad)
    {
        var net = TinyNetwork.Create([4], seed: 1, users: 4, movies: 40, genres: 3, dim: 8);
        var state = Copy(net);
        state["movie_embedding.weight"].Data[37] = bad; // past the first vector block, as the vectorised check reads it
        var fresh = new HybridWeights(net.Shape);
        var error = Assert.Throws<ModelFormatException>(() => fresh.LoadStateDict(state));
        Assert.Contains("'movie_embedding.weight' holds a non-finite value", error.Message);
        Assert.All(fresh.StateDict()["movie_embedding.weight"].Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Missing_tensor_is_rejected_by_name()
    {
        var net = TinyNetwork.Create([4], seed: 1);
        var state = Copy(net);
        state.Remove("fc1.bias");
        var e = Assert.Throws<ModelFormatException>(() => new HybridWeights(net.Shape).LoadStateDict(state));
        Assert.Contains("Missing: [fc1.bias]", e.Message);
    }

    [Fact]
    public void Unexpected_tensor_is_rejected_by_name()
    {
        var net = TinyNetwork.Create([4], seed: 1);
        var state = Copy(net);
        state["fc2.weight"] = new Tensor(1, 4);
        var e = Assert.Throws<ModelFormatException>(() => new HybridWeights(net.Shape).LoadStateDict(state));
        Assert.Contains("unexpected: [fc2.weight]", e.Message);
    }

    [Fact]
    public void Wrong_shape_is_rejected_naming_the_tensor_and_both_shapes()
    {
        var net = TinyNetwork.Create([4], seed: 1);
        var state = Copy(net);
        // Same element count, transposed: a copy by length alone would accept it.
        state["fc1.weight"] = new Tensor(9, 4);
        var e = Assert.Throws<ModelFormatException>(() => new HybridWeights(net.Shape).LoadStateDict(state));
        Assert.Contains("'fc1.weight' has shape [9, 4]", e.Message);
        Assert.Contains("expects [4, 9]", e.Message);
    }

    [Theory]
    [InlineData("user_embedding.weight")] // last in the state dict: a copy-as-you-check loader has written all the rest
    [InlineData("fc1.bias")]
    public void A_rejected_state_dict_leaves_the_network_untouched(string poisoned)
    {
        var target = TinyNetwork.Create([4], seed: 2);
        var before = Copy(target);
        var state = Copy(TinyNetwork.Create([4], seed: 3));
        Assert.True(state.ContainsKey(poisoned), $"no tensor '{poisoned}' in {string.Join(", ", state.Keys)}");
        state[poisoned].Data[0] = float.NaN;
        var e = Assert.Throws<ModelFormatException>(() => target.LoadStateDict(state));
        Assert.Contains($"'{poisoned}'", e.Message);
        foreach (var (name, tensor) in target.StateDict())
            Assert.Equal(before[name].Data, tensor.Data);
    }
}
