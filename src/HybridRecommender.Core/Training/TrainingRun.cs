namespace HybridRecommender.Core.Training;

/// <summary>What a training run went through: every epoch's figures and the epoch whose weights were kept.</summary>
public sealed record TrainingRun(IReadOnlyList<EpochMetrics> Epochs, int BestEpoch, double Seconds, bool StoppedEarly);
