using HybridRecommender.Core.Data;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Training;

[Collection(LibTorchCollection.Name)]
public sealed class RealDataTrainingTests
{
    [RealDataFact]
    public void Two_epochs_of_default_training_beat_the_bias_baseline_on_ML1M()
    {
        var data = MovieLensReader.Load(RealData.Directory!);
        var outcome = TrainingPipeline.Run(data, new TrainingOptions { Epochs = 2, Threads = Environment.ProcessorCount }, new Dictionary<string, string>());
        var epochs = outcome.Run.Epochs;
        Assert.Equal(2, epochs.Count);
        Assert.True(epochs[1].ValidationRmse < 0.95, $"validation RMSE after epoch 2: {epochs[1].ValidationRmse}");
        var hybrid = outcome.Test[TrainingPipeline.HybridName].Rmse;
        var bias = outcome.Test[TrainingPipeline.BiasOnlyName].Rmse;
        Assert.True(hybrid < 0.95, $"test RMSE {hybrid}");
        Assert.True(hybrid < bias, $"test RMSE {hybrid} is not better than the bias baseline's {bias}");
        // Counts from the Python split in docs/MODEL.md run over ratings.dat: the two implementations agree.
        Assert.Equal((855_901, 44_748, 99_560), (outcome.Split.Train.Length, outcome.Split.Validation.Length, outcome.Split.Test.Length));
    }
}
