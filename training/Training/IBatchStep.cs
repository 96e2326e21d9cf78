using TorchSharp;
using static TorchSharp.torch;

namespace HybridRecommender.Training;

/// <summary>
/// One optimiser step on a batch of ratings and a slice of users for the relevance head: what differs between the
/// exact objective (<see cref="ExactBatchStep"/>) and the scalable one (<see cref="SampledBatchStep"/>); the epoch loop,
/// validation and early stopping in <see cref="Trainer"/> are the same for both.
/// </summary>
public interface IBatchStep : IDisposable
{
    /// <summary>The optimiser whose learning rate the schedule decays (and every table step reads).</summary>
    optim.Optimizer Optimizer { get; }

    /// <summary>
    /// Steps on <paramref name="batch"/> of the epoch's shuffled ratings and its relevance users; returns r̂ − r of the batch.
    /// <paramref name="next"/> is the batch the following call will step on (null for the epoch's last): a step may
    /// prepare it while this one runs.
    /// </summary>
    Tensor Step(EpochBatches epoch, TrainingBatch batch, TrainingBatch? next);

    /// <summary>Applies whatever update a step left pending, so the weights are the epoch's last before validation reads them.</summary>
    void FinishEpoch() { }
}

/// <summary>
/// One batch: ratings <see cref="Start"/> … + <see cref="Count"/> of the epoch's shuffled order and the slice of shuffled
/// users whose relevance softmax it also trains (empty without the relevance head).
/// </summary>
public readonly record struct TrainingBatch(int Start, int Count, ArraySegment<int> RelevanceUsers);

/// <summary>The epoch's shuffled ratings, as managed arrays (row indices, for the sampled step) and as tensors (views are batches).</summary>
public sealed record EpochBatches(long[] Users, long[] Movies, float[] Ratings, Tensor UserTensor, Tensor MovieTensor, Tensor RatingTensor) : IDisposable
{
    /// <summary>
    /// The ratings at <paramref name="order"/> (train positions, already shuffled) written into the reused arrays
    /// <paramref name="users"/>, <paramref name="movies"/>, <paramref name="values"/> and copied to tensors on <paramref name="device"/>:
    /// one epoch of the table training or of the content path's.
    /// </summary>
    public static EpochBatches Of(Core.Data.RatingTable ratings, ReadOnlySpan<int> order, long[] users, long[] movies, float[] values, Device device)
    {
        for (var k = 0; k < order.Length; k++)
        {
            var i = order[k];
            users[k] = ratings.UserIndex[i];
            movies[k] = ratings.MovieIndex[i];
            values[k] = ratings.Rating[i];
        }
        return new EpochBatches(users, movies, values, TensorOf(users, ScalarType.Int64, device), TensorOf(movies, ScalarType.Int64, device),
            TensorOf(values, ScalarType.Float32, device));
    }

    /// <summary>
    /// A tensor holding a copy of <paramref name="values"/>, written straight into libtorch's memory. <c>torch.tensor(array)</c>
    /// would first clone the array on the managed heap: at the ML-32M shape 550 MB of large-object garbage an epoch, which
    /// only a full garbage collection frees, and which piled up epoch after epoch (docs/BENCHMARKS.md).
    /// </summary>
    private static Tensor TensorOf<T>(T[] values, ScalarType type, Device device) where T : unmanaged
    {
        var cpu = empty(values.Length, dtype: type);
        // In chunks: Tensor.bytes spans at most 2 GB.
        const int Chunk = 1 << 26;
        for (var start = 0; start < values.Length; start += Chunk)
        {
            var length = Math.Min(Chunk, values.Length - start);
            using var part = cpu.narrow(0, start, length);
            values.AsSpan(start, length).CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(part.bytes));
        }
        if (device.type == DeviceType.CPU) return cpu;
        using (cpu) return cpu.to(device);
    }

    /// <summary>Frees the three tensors (the arrays are the caller's, reused from epoch to epoch).</summary>
    public void Dispose()
    {
        UserTensor.Dispose();
        MovieTensor.Dispose();
        RatingTensor.Dispose();
    }
}
