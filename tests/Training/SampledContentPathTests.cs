using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;
using HybridRecommender.Training.Model;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace HybridRecommender.Tests.Training;

/// <summary>
/// The content path's sampled objective (<see cref="SampledContentLoss"/>, above <c>--sampled-above</c>): its relevance part
/// against the exact content objective's, the frozen tables, and that it learns.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class SampledContentPathTests
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
        ContentHidden = 8,
        ContentEpochs = 3,
        MlpPrecision = MlpPrecision.Float32, // the same path on every runner's CPU (bfloat16: SampledTrainingTests)
    };

    [Fact]
    public void With_every_movie_drawn_once_from_a_uniform_Q_it_is_the_exact_content_loss_plus_the_positives_own_terms()
    {
        // K = M negatives j = 0 … M−1 with Q = 1/M: log(K·Q) = 0 and the sampled partition function is Z_u + exp(s_ui), so
        //   sampled = exact + mean over positives of log(1 + softmax(s_u)_i)
        // with the same replaced movies scored by their stand-ins in both.
        const int users = 5, movies = 30, genres = 3, dim = 4;
        manual_seed(4);
        using var network = new HybridNetwork(new HybridNetworkShape(users, movies, genres, dim, [4], Relevance: true));
        network.Initialise(3.5f, 0.5);
        var path = new ContentPath(genres, 6, dim, relevance: true);
        network.AttachContentPath(path);
        var rng = new Random(8);
        var x = tensor(Enumerable.Range(0, movies * ContentFeatures.Width(genres)).Select(_ => (float)rng.NextDouble()).ToArray(),
            [movies, ContentFeatures.Width(genres)]);
        var replaced = Enumerable.Range(0, movies).Select(_ => rng.NextDouble() < 0.4).ToArray();
        int[][] trainMovies = [[1, 4, 7], [], [0, 29], [3, 4, 5, 6], []];
        int[] slice = [0, 2, 3];
        using var _ = no_grad();
        var standIn = path.forward(x);

        var (sliceTensor, targets) = Trainer.RelevanceBatch(slice, trainMovies, movies, CPU);
        var exact = ExactContentLoss.RelevanceLoss(network, sliceTensor, targets, standIn, tensor(replaced)).item<float>();

        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var positives = slice.SelectMany((u, s) => trainMovies[u].Select(m => (User: (long)s, Movie: (long)m))).ToArray();
        var all = arange(movies, int64);
        var sampled = SampledContentLoss.RelevanceLoss(parameters["user_embedding.weight"].index_select(0, sliceTensor),
            tensor(positives.Select(p => p.User).ToArray()), tensor(positives.Select(p => p.Movie).ToArray()), all, zeros(movies),
            parameters["relevance_embedding.weight"], parameters["relevance_bias.weight"].squeeze(-1), standIn.Relevance!, standIn.RelevanceBias!, tensor(replaced)).item<float>();

        var logits = network.RelevanceLogitsWithContent(sliceTensor, standIn, tensor(replaced)).to_type(float64);
        var probabilities = nn.functional.softmax(logits, 1).data<double>().ToArray();
        var ownTerms = positives.Average(p => Math.Log(1 + probabilities[p.User * movies + p.Movie]));
        Assert.True(ownTerms > 1e-3, $"the positives' own terms {ownTerms} are too small to tell the objectives apart");
        Assert.Equal(exact + ownTerms, sampled, 1e-5);
    }

    [Fact]
    public void It_leaves_every_frozen_tensor_bit_for_bit_as_it_was()
    {
        var data = SyntheticDataset.Create();
        var options = Options;
        Assert.True(options.UsesSampledObjective(data.Users.Count, data.Movies.Count));
        var split = RatingsSplit.Create(data, options.Seed);
        HybridWeights tables;
        lock (TorchRuntime.ProcessWide)
        {
            manual_seed(5);
            using var network = new HybridNetwork(new HybridNetworkShape(data.Users.Count, data.Movies.Count, data.Genres.Count, options.Dim, options.Hidden, Relevance: true));
            network.Initialise(3.5f, 0.1);
            tables = StateDictTransfer.ToWeights(network);
        }
        tables.SetMovieGenres(data.MovieGenreMask);
        var before = tables.StateDict().ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Data.Clone());

        var withPath = ContentPathTrainer.Retrain(tables, data, split, options, ContentInputs.All);

        var after = withPath.StateDict();
        Assert.Contains(after.Keys, ContentTower.IsContentTensor);
        foreach (var (name, values) in before)
            Assert.True(values.AsSpan().SequenceEqual(after[name].Data), $"{name} moved");
    }

    [Fact]
    public void A_content_path_trained_with_the_sampled_objective_predicts_ratings_better_than_a_fresh_one()
    {
        var data = SyntheticDataset.Create();
        var run = TrainingPipeline.Run(data, Options, new Dictionary<string, string>());
        var trained = run.Bundle.Network;
        Assert.NotNull(trained.ContentTower);
        // The same path before its first step (same seed, no epochs).
        var fresh = ContentPathTrainer.Retrain(trained, data, run.Split, Options with { ContentEpochs = 0 }, ContentInputs.All);

        // Every movie scored by its stand-ins only: the movie the network never saw.
        var (withTrained, withFresh) = (StandInRmse.Of(trained, data, run.Split), StandInRmse.Of(fresh, data, run.Split));
        Assert.True(withTrained < withFresh - 0.02, $"validation RMSE from stand-ins: trained {withTrained:0.0000}, fresh {withFresh:0.0000}");
    }
}
