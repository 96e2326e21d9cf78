namespace HybridRecommender.Core.Training;

/// <summary>
/// One epoch's figures. Train figures are measured on the fly during the epoch (weights moving,
/// dropout on), as frameworks report them; validation figures come from the managed scorer (<c>RatingScorer</c>)
/// after the epoch, on ratings the optimiser never saw. <c>ValidationNdcg</c>: NDCG@10 of the relevance
/// head on validation (relevant = validation ratings ≥ 4, train movies excluded); null without the head.
/// </summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainMse">Mean squared error on the training batches, measured during the epoch.</param>
/// <param name="TrainMae">Mean absolute error on the training batches, measured during the epoch.</param>
/// <param name="ValidationMse">Mean squared error on validation after the epoch.</param>
/// <param name="ValidationRmse">Root mean squared error on validation after the epoch (early stopping keeps the best).</param>
/// <param name="ValidationMae">Mean absolute error on validation after the epoch.</param>
/// <param name="Seconds">Wall-clock seconds of the epoch, validation included.</param>
/// <param name="RatingsPerSecond">Training ratings per second of the epoch's training pass (validation excluded, unlike Seconds).</param>
/// <param name="LearningRate">The learning rate the epoch used.</param>
/// <param name="ValidationNdcg">The relevance head's validation NDCG@10; null without the head.</param>
public sealed record EpochMetrics(
    int Epoch,
    double TrainMse,
    double TrainMae,
    double ValidationMse,
    double ValidationRmse,
    double ValidationMae,
    double Seconds,
    double RatingsPerSecond,
    double LearningRate,
    double? ValidationNdcg = null);
