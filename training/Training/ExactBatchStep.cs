using HybridRecommender.Core.Training;
using HybridRecommender.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace HybridRecommender.Training;

/// <summary>
/// The exact objective of docs/MODEL.md ("Loss"): the relevance head's softmax over the whole catalogue for each user of
/// the slice (a [users, movies] matmul) and dense torch.optim.Adam over every parameter. Its cost per epoch grows with
/// users × movies and with the table sizes × batches: right for ML-1M, not for ML-32M (<see cref="SampledBatchStep"/>).
/// </summary>
public sealed class ExactBatchStep(HybridNetwork network, TrainingOptions options, int[][] trainMovies, Device device) : IBatchStep
{
    public optim.Optimizer Optimizer { get; } = optim.Adam(network.parameters(), lr: options.LearningRate);

    public Tensor Step(EpochBatches epoch, TrainingBatch batch, TrainingBatch? next)
    {
        var (start, count) = (batch.Start, batch.Count);
        var relevanceUsers = batch.RelevanceUsers.AsSpan();
        var u = epoch.UserTensor.narrow(0, start, count);
        var i = epoch.MovieTensor.narrow(0, start, count);
        var r = epoch.RatingTensor.narrow(0, start, count);
        var loss = Trainer.Loss(network, u, i, r, options.Regularisation, options.AbsoluteErrorWeight, out var error);
        if (network.Shape.Relevance)
        {
            if (relevanceUsers.Length > 0)
            {
                var (slice, targets) = Trainer.RelevanceBatch(relevanceUsers, trainMovies, network.Shape.Movies, device);
                loss = loss + options.RelevanceWeight * Trainer.RelevanceLoss(network, slice, targets);
            }
            if (options.RelevanceL2 > 0) loss = loss + options.RelevanceL2 * network.RelevanceSquaredNorm();
        }
        Optimizer.zero_grad();
        loss.backward();
        Optimizer.step();
        return error;
    }

    public void Dispose() => Optimizer.Dispose();
}
