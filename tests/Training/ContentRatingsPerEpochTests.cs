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

        // Two trainings of one path agree to float noise, not always bit for bit (the last bit of a weight was seen to move
        // between two runs in one process); a path trained on other ratings differs by orders of magnitude more.
        double Distance(HybridWeights a, HybridWeights b) =>
            a.StateDict()["content.hidden.weight"].Data.Zip(b.StateDict()["content.hidden.weight"].Data, (x, y) => (double)Math.Abs(x - y)).Max();
        Assert.True(Distance(every, atCount) < 1e-5, $"a cap at the train count moved a weight by {Distance(every, atCount)}");
        Assert.True(Distance(every, quarter) > 1e-3, $"a quarter per epoch moved no weight by more than {Distance(every, quarter)}");

        var (sampled, untrained) = (StandInRmse.Of(quarter, data, run.Split), StandInRmse.Of(fresh, data, run.Split));
        Assert.True(sampled < untrained - 0.02, $"validation RMSE from stand-ins: a quarter per epoch {sampled:0.0000}, fresh {untrained:0.0000}");
    }

    [Fact]
    public void A_cap_below_the_batch_size_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => (Options with { ContentRatingsPerEpoch = 100 }).Validate());
        Assert.Contains("--content-ratings-per-epoch", e.Message);
    }
}
