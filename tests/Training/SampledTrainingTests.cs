using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;
using HybridRecommender.Training;
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
        MlpPrecision = MlpPrecision.Float32, // the same path on every runner's CPU; bfloat16 is tested below
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

        step.Step(epoch, new TrainingBatch(0, 2, new[] { 0, 5 }), null);
        step.FinishEpoch();

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

    [Fact]
    public void The_mlp_precision_reaches_the_tables_training_and_the_content_path_and_the_card_records_it()
    {
        var data = SyntheticDataset.Create();
        var options = Options with { ContentHidden = 8, ContentEpochs = 2 };
        var full = TrainingPipeline.Run(data, options with { MlpPrecision = MlpPrecision.Float32 }, new Dictionary<string, string>());
        var low = TrainingPipeline.Run(data, options with { MlpPrecision = MlpPrecision.BFloat16 }, new Dictionary<string, string>());

        // Both learn; they are different runs (bfloat16 really ran in the tables' training).
        foreach (var run in new[] { full, low })
            Assert.True(run.Test[TrainingPipeline.HybridName].Rmse < run.Test[TrainingPipeline.GlobalMeanName].Rmse);
        Assert.NotEqual(full.Bundle.Network.StateDict()["fc1.weight"].Data, low.Bundle.Network.StateDict()["fc1.weight"].Data);
        Assert.Equal("fp32", full.Bundle.Card.Hyperparameters.MlpPrecision);
        Assert.Equal("bf16", low.Bundle.Card.Hyperparameters.MlpPrecision);
        Assert.DoesNotContain("bfloat16", full.Bundle.Card.Hyperparameters.Optimizer);
        Assert.Contains("MLP matrix products in bfloat16", low.Bundle.Card.Hyperparameters.Optimizer);
        // Retraining a card trains in the precision it records, whatever the machine's auto would pick.
        Assert.Equal(MlpPrecision.BFloat16, CardRetrainer.Options(low.Bundle.Card, 1).MlpPrecision);
        Assert.Equal(MlpPrecision.Float32, CardRetrainer.Options(low.Bundle.Card with { Hyperparameters = low.Bundle.Card.Hyperparameters with { MlpPrecision = null } }, 1).MlpPrecision);

        // The content path alone, on the same trained tables: its precision reaches it too.
        string[] content = [.. full.Bundle.Network.StateDict().Keys.Where(ContentTower.IsContentTensor)];
        Assert.NotEmpty(content);
        var pathFull = ContentPathTrainer.Retrain(full.Bundle.Network, data, full.Split, options with { MlpPrecision = MlpPrecision.Float32 }, ContentInputs.All).StateDict();
        var pathLow = ContentPathTrainer.Retrain(full.Bundle.Network, data, full.Split, options with { MlpPrecision = MlpPrecision.BFloat16 }, ContentInputs.All).StateDict();
        Assert.Contains(content, name => !pathFull[name].Data.SequenceEqual(pathLow[name].Data));
    }
}
