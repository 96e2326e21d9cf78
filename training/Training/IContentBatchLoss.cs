using TorchSharp;
using static TorchSharp.torch;

namespace HybridRecommender.Training;

/// <summary>
/// The content path's loss on one batch (docs/MODEL.md, "Content path"): the rating loss with the stand-ins in place of the
/// batch's movies, plus the relevance loss with a random share ρ of movies scored by their stand-ins. What differs between
/// the exact objective (<see cref="ExactContentLoss"/>: a softmax over the whole catalogue) and the sampled one
/// (<see cref="SampledContentLoss"/>: the positives and K sampled negatives, log-Q corrected); the loop, the optimiser and
/// the frozen network in <see cref="ContentPathTrainer"/> are the same for both.
/// </summary>
public interface IContentBatchLoss
{
    /// <summary>
    /// The loss on ratings <paramref name="start"/> … + <paramref name="count"/> of the epoch's shuffled order and the relevance
    /// users <paramref name="relevanceUsers"/> (empty without the head); <paramref name="error"/> receives r̂ − r of the batch.
    /// </summary>
    Tensor Loss(EpochBatches epoch, int start, int count, ReadOnlySpan<int> relevanceUsers, out Tensor error);
}
