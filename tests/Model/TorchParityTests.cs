using HybridRecommender.Core.Model;
using HybridRecommender.Tests.Support;
using HybridRecommender.Training.Model;
using TorchSharp;

namespace HybridRecommender.Tests.Model;

/// <summary>
/// One formula, two implementations: the TorchSharp module (training) and the managed RatingScorer (API,
/// evaluator, validation). On the same weights they agree within 1e-5 on 10,000+ random (user, movie) pairs.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class TorchParityTests
{
    public static TheoryData<string> Hidden => new() { "64", "8,4", "" };

    [Theory]
    [MemberData(nameof(Hidden))]
    public void Module_forward_and_RatingScorer_agree_on_ten_thousand_random_pairs(string hiddenText)
    {
        var hidden = hiddenText.Length == 0 ? [] : hiddenText.Split(',').Select(int.Parse).ToArray();
        var weights = TinyNetwork.Create(hidden, seed: 11, users: 300, movies: 400, genres: 18, dim: 96);
        // O(1) random weights would push r̂ far outside any scale; scale them so the sums stay realistic.
        foreach (var p in weights.Parameters().Where(p => p.Name != "global_bias"))
            for (var i = 0; i < p.Value.Length; i++) p.Value.Data[i] *= 0.3f;
        weights.SetMovieGenres(Enumerable.Range(0, 400).Select(m => (ulong)((m * 2654435761L) & 0x3FFFF)).ToArray());
        var scorer = new RatingScorer(weights, 1f, 5f);
        using var module = TorchNetworks.FromWeights(weights);

        var rng = new Random(3);
        const int pairs = 10_000;
        var users = Enumerable.Range(0, pairs).Select(_ => (long)rng.Next(300)).ToArray();
        var movies = Enumerable.Range(0, pairs).Select(_ => (long)rng.Next(400)).ToArray();
        float[] torchScores;
        using (torch.no_grad())
        using (var r = module.forward(torch.tensor(users), torch.tensor(movies)))
            torchScores = r.data<float>().ToArray();

        var byUser = new float[300][];
        var worst = 0.0;
        for (var k = 0; k < pairs; k++)
        {
            var u = (int)users[k];
            if (byUser[u] is null) scorer.RawScoreAll(u, byUser[u] = new float[400]);
            worst = Math.Max(worst, Math.Abs(byUser[u][movies[k]] - torchScores[k]));
        }
        Assert.True(worst < 1e-5, $"largest |torch − scorer| = {worst:E2}");
        // Guard against a vacuous pass: the scores really vary.
        Assert.True(torchScores.Max() - torchScores.Min() > 1, "scores barely vary");
    }

    [Fact]
    public void State_dict_names_and_shapes_are_those_of_the_managed_weights()
    {
        var shape = new HybridNetworkShape(4, 5, 3, 2, [4, 3]);
        using var module = TorchNetworks.Create(shape);
        var torchShapes = module.state_dict().ToDictionary(kv => kv.Key, kv => "[" + string.Join(", ", kv.Value.shape) + "]");
        var managed = new HybridWeights(shape).StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ShapeText);
        Assert.Equal(managed.OrderBy(kv => kv.Key), torchShapes.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Weights_round_trip_through_the_module_unchanged()
    {
        var weights = TinyNetwork.Create([4, 3], seed: 2);
        using var module = TorchNetworks.FromWeights(weights);
        var back = StateDictTransfer.ToWeights(module);
        foreach (var (name, t) in weights.StateDict())
            Assert.Equal(t.Data, back.StateDict()[name].Data);
    }
}
