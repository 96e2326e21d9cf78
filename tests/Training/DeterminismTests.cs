using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Training;

/// <summary>
/// Training is reproducible for a given seed, thread count and machine: libtorch's reductions group
/// float sums by thread and by SIMD width, so other thread counts or CPUs differ in the last bits.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class DeterminismTests
{
    private static TrainingOptions Options(int threads) => new()
    {
        Epochs = 2,
        BatchSize = 64,
        Dim = 8,
        Hidden = [8, 4],
        LearningRate = 0.01f,
        Regularisation = new RegularisationOptions(0.05f, 0.005f, 1e-4f, Dropout: 0.2f),
        Seed = 3,
        Threads = threads,
    };

    private static Dictionary<string, float[]> Train(int threads)
    {
        var data = SyntheticDataset.Create();
        var outcome = TrainingPipeline.Run(data, Options(threads), new Dictionary<string, string>());
        return outcome.Bundle.Network.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Data);
    }

    [Fact]
    public void Same_seed_and_thread_count_give_bitwise_identical_weights()
    {
        var a = Train(2);
        var b = Train(2);
        foreach (var (name, values) in a)
            Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), b[name].Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void A_different_seed_gives_different_weights()
    {
        // Guard: the bitwise test above would pass trivially if training ignored its inputs.
        var data = SyntheticDataset.Create();
        var a = TrainingPipeline.Run(data, Options(2), new Dictionary<string, string>()).Bundle.Network;
        var b = TrainingPipeline.Run(data, Options(2) with { Seed = 4 }, new Dictionary<string, string>()).Bundle.Network;
        Assert.NotEqual(a.Output.Weight.Value.Data, b.Output.Weight.Value.Data);
    }

    [Fact]
    public void The_absolute_error_weight_reaches_the_training_loss()
    {
        // Guard for the γ|r̂ − r| term: the loss tests check Trainer.Loss itself, this that training passes γ to it.
        var data = SyntheticDataset.Create();
        var squared = TrainingPipeline.Run(data, Options(2) with { AbsoluteErrorWeight = 0 }, new Dictionary<string, string>()).Bundle.Network;
        var mixed = TrainingPipeline.Run(data, Options(2) with { AbsoluteErrorWeight = 1 }, new Dictionary<string, string>()).Bundle.Network;
        Assert.NotEqual(squared.Output.Weight.Value.Data, mixed.Output.Weight.Value.Data);
    }
}
