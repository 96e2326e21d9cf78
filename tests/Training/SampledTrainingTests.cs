using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;
using HybridRecommender.Training.Model;
using static TorchSharp.torch;

namespace HybridRecommender.Tests.Training;

/// <summary>The scalable objective end to end: a step moves only the rows it touched; training with it learns and is seeded.</summary>
[Collection(LibTorchCollection.Name)]
public sealed class SampledTrainingTests
{
    private static TrainingOptions Options => new()
    {
        Epochs = 4,
        BatchSize = 256,
        Dim = 8,
        Hidden = [8],
        LearningRate = 0.02f,
        Seed = 3,
        Threads = 1,
        SampledObjectiveAbove = 0,
        SampledNegatives = 32,
    };

    [Fact]
    public void A_step_moves_only_the_rows_it_touched()
    {
        var shape = new HybridNetworkShape(Users: 6, Movies: 40, Genres: 3, Dim: 4, Hidden: [4], Relevance: true);
        manual_seed(1);
        using var network = new HybridNetwork(shape);
        network.Initialise(3.5f, 0.1);
        var before = StateDictTransfer.ToWeights(network).StateDict().ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Data.Clone());
        int[][] trainMovies = [[1, 2], [], [3], [], [], [5]];
        var counts = Enumerable.Range(0, 40).Select(m => m < 8 ? 10 : 0).ToArray();
        using var step = new SampledBatchStep(network, Options with { SampledNegatives = 2 }, trainMovies, counts, CPU);
        long[] users = [0, 2], movies = [7, 9];
        float[] ratings = [4f, 2f];
        var epoch = new EpochBatches(users, movies, ratings, tensor(users), tensor(movies), tensor(ratings));

        step.Step(epoch, 0, 2, [0, 5]);

        var after = StateDictTransfer.ToWeights(network).StateDict();
        void Check(string name, int width, IReadOnlyCollection<int> touched)
        {
            var rows = before[name].Length / width;
            for (var r = 0; r < rows; r++)
            {
                var same = before[name].AsSpan(r * width, width).SequenceEqual(after[name].Data.AsSpan(r * width, width));
                Assert.True(touched.Contains(r) ? !same : same, $"{name} row {r}: {(same ? "did not move" : "moved")}");
            }
        }
        Check("user_embedding.weight", 4, [0, 2, 5]);   // the batch's users and the relevance slice
        Check("movie_embedding.weight", 4, [7, 9]);     // the batch's movies
        // The relevance rows: positives 1, 2, 5 and the 2 negatives (drawn among the 8 movies with train ratings, smoothing aside).
        var relevanceMoved = Enumerable.Range(0, 40).Where(r =>
            !before["relevance_embedding.weight"].AsSpan(r * 4, 4).SequenceEqual(after["relevance_embedding.weight"].Data.AsSpan(r * 4, 4))).ToArray();
        Assert.Superset(new HashSet<int> { 1, 2, 5 }, relevanceMoved.ToHashSet());
        Assert.InRange(relevanceMoved.Length, 3, 5);
    }

    [Fact]
    public void Planning_the_next_batch_ahead_changes_nothing()
    {
        var shape = new HybridNetworkShape(Users: 30, Movies: 60, Genres: 3, Dim: 4, Hidden: [4], Relevance: true);
        var random = new Random(4);
        var trainMovies = Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, 60).Where(_ => random.NextDouble() < 0.2).ToArray()).ToArray();
        var counts = new int[60];
        foreach (var list in trainMovies) foreach (var m in list) counts[m]++;
        const int batch = 16, batches = 5;
        var users = Enumerable.Range(0, batch * batches).Select(_ => (long)random.Next(30)).ToArray();
        var movies = Enumerable.Range(0, batch * batches).Select(_ => (long)random.Next(60)).ToArray();
        var ratings = Enumerable.Range(0, batch * batches).Select(_ => 1f + random.Next(5)).ToArray();
        var epoch = new EpochBatches(users, movies, ratings, tensor(users), tensor(movies), tensor(ratings));
        int[] Slice(int k) => Enumerable.Range(k * 6, 6).ToArray();

        Dictionary<string, float[]> Train(bool planAhead)
        {
            manual_seed(1);
            using var network = new HybridNetwork(shape);
            network.Initialise(3.5f, 0.1);
            using var step = new SampledBatchStep(network, Options with { SampledNegatives = 8 }, trainMovies, counts, CPU);
            for (var k = 0; k < batches; k++)
            {
                if (planAhead && k + 1 < batches) step.Upcoming(epoch, (k + 1) * batch, batch, Slice(k + 1));
                step.Step(epoch, k * batch, batch, Slice(k));
            }
            return StateDictTransfer.ToWeights(network).StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Data.ToArray());
        }

        var ahead = Train(planAhead: true);
        var inline = Train(planAhead: false);
        Assert.Equal(inline.Keys.Order(), ahead.Keys.Order());
        foreach (var (name, values) in inline) Assert.True(values.AsSpan().SequenceEqual(ahead[name]), $"{name} differs");
    }

    [Fact]
    public void A_step_that_is_not_the_announced_batch_is_refused()
    {
        var shape = new HybridNetworkShape(Users: 6, Movies: 40, Genres: 3, Dim: 4, Hidden: [4], Relevance: true);
        manual_seed(1);
        using var network = new HybridNetwork(shape);
        network.Initialise(3.5f, 0.1);
        var counts = Enumerable.Range(0, 40).Select(m => m < 8 ? 10 : 0).ToArray();
        using var step = new SampledBatchStep(network, Options with { SampledNegatives = 2 }, [[1, 2], [], [3], [], [], [5]], counts, CPU);
        long[] users = [0, 2, 4, 1], movies = [7, 9, 3, 3];
        float[] ratings = [4f, 2f, 5f, 1f];
        var epoch = new EpochBatches(users, movies, ratings, tensor(users), tensor(movies), tensor(ratings));
        step.Upcoming(epoch, 2, 2, [2]);
        step.Step(epoch, 0, 2, [0]);
        Assert.Throws<InvalidOperationException>(() => step.Step(epoch, 3, 1, [2]));
    }

    [Fact]
    public void Training_with_the_sampled_objective_learns_and_is_seeded()
    {
        var data = SyntheticDataset.Create();
        var a = TrainingPipeline.Run(data, Options, new Dictionary<string, string>());
        var b = TrainingPipeline.Run(data, Options, new Dictionary<string, string>());

        Assert.True(a.Test[TrainingPipeline.HybridName].Rmse < a.Test[TrainingPipeline.GlobalMeanName].Rmse,
            $"hybrid {a.Test[TrainingPipeline.HybridName].Rmse} vs global mean {a.Test[TrainingPipeline.GlobalMeanName].Rmse}");
        Assert.True(a.Run.Epochs[^1].ValidationRmse < a.Run.Epochs[0].ValidationRmse);
        Assert.All(a.Run.Epochs, e => Assert.NotNull(e.ValidationNdcg));
        Assert.Equal(a.Bundle.Network.Output.Weight.Value.Data, b.Bundle.Network.Output.Weight.Value.Data);
        Assert.Equal(a.Bundle.Network.StateDict()["relevance_embedding.weight"].Data, b.Bundle.Network.StateDict()["relevance_embedding.weight"].Data);
    }
}
