namespace HybridRecommender.Core.Training;

/// <summary>
/// One epoch's figures. Train figures are measured on the fly during the epoch (weights moving,
/// dropout on), as frameworks report them; validation figures come from <see cref="Model.RatingScorer"/>
/// after the epoch, on ratings the optimiser never saw. <see cref="ValidationNdcg"/>: NDCG@10 of the relevance
/// head on validation (relevant = validation ratings ≥ 4, train movies excluded); null without the head.
/// </summary>
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
