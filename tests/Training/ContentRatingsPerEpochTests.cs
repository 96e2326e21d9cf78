using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Training;

/// <summary>
/// <see cref="TrainingOptions.ContentRatingsPerEpoch"/>: above it a content-path epoch visits a fresh sample of the train ratings;
/// at or above the train count the path is the one every rating trains.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class ContentRatingsPerEpochTests
{
    private static TrainingOptions Options => new()
    {
        Epochs = 3,
        BatchSize = 256,
        Dim = 8,
        Hidden = [8],
        LearningRate = 0.02f,
        Seed = 5,
        Threads = 1,
        ContentHidden = 8,
        ContentEpochs = 3,
    };

    [Fact]
    public void A_cap_at_the_train_count_trains_the_same_path_and_a_smaller_one_a_different_path_that_still_learns()
    {
        var data = SyntheticDataset.Create();
        var run = TrainingPipeline.Run(data, Options, new Dictionary<string, string>());
        var trained = run.Bundle.Network;
        var train = run.Split.Train.Length;
        Assert.True(train >= 4 * Options.BatchSize, $"the fixture has {train} train ratings");

        HybridWeights PathWith(int perEpoch, int epochs = 3) =>
            ContentPathTrainer.Retrain(trained, data, run.Split, Options with { ContentRatingsPerEpoch = perEpoch, ContentEpochs = epochs }, ContentInputs.All);
        var every = PathWith(int.MaxValue);
        var atCount = PathWith(train);
        var quarter = PathWith(train / 4);
        var fresh = PathWith(int.MaxValue, epochs: 0);

        float[] Hidden(HybridWeights w) => w.StateDict()["content.hidden.weight"].Data.ToArray();
        Assert.Equal(Hidden(every), Hidden(atCount));
        Assert.NotEqual(Hidden(every), Hidden(quarter));

        double ValidationRmse(HybridWeights weights)
        {
            var rows = weights.Clone();
            var genres = weights.MovieGenres.Data;
            for (var m = 0; m < data.Movies.Count; m++)
                rows.SetMovieRow(m, weights.ContentTower!.Row(genres.AsSpan(m * data.Genres.Count, data.Genres.Count), data.Movies[m].Year));
            return AccuracyMetrics.Of(AccuracyMetrics.Predict(new RatingScorer(rows, 1f, 5f), data.Ratings, run.Split.Validation)).Rmse;
        }
        var (sampled, untrained) = (ValidationRmse(quarter), ValidationRmse(fresh));
        Assert.True(sampled < untrained - 0.02, $"validation RMSE from stand-ins: a quarter per epoch {sampled:0.0000}, fresh {untrained:0.0000}");
    }

    [Fact]
    public void A_cap_below_the_batch_size_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => (Options with { ContentRatingsPerEpoch = 100 }).Validate());
        Assert.Contains("--content-ratings-per-epoch", e.Message);
    }
}
