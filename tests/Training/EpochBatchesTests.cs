using HybridRecommender.Core.Data;
using HybridRecommender.Tests.Support;
using HybridRecommender.Training;
using static TorchSharp.torch;

namespace HybridRecommender.Tests.Training;

/// <summary><see cref="EpochBatches.Of"/>: the shuffled ratings, as arrays and as tensors written straight into libtorch's memory.</summary>
[Collection(LibTorchCollection.Name)]
public sealed class EpochBatchesTests
{
    [Fact]
    public void The_tensors_hold_the_ratings_in_the_given_order()
    {
        var table = new RatingTable([4, 0, 2, 7], [1, 3, 5, 9], [3.5f, 1f, 5f, 2f], [0, 0, 0, 0]);
        int[] order = [2, 0, 3, 1];
        var (users, movies, values) = (new long[4], new long[4], new float[4]);

        using var epoch = EpochBatches.Of(table, order, users, movies, values, CPU);

        Assert.Equal([2L, 4, 7, 0], users);
        Assert.Equal([5L, 1, 9, 3], movies);
        Assert.Equal([5f, 3.5f, 2f, 1f], values);
        Assert.Equal(users, epoch.UserTensor.data<long>().ToArray());
        Assert.Equal(movies, epoch.MovieTensor.data<long>().ToArray());
        Assert.Equal(values, epoch.RatingTensor.data<float>().ToArray());
        Assert.Equal(ScalarType.Int64, epoch.UserTensor.dtype);
        Assert.Equal(ScalarType.Float32, epoch.RatingTensor.dtype);
    }
}
