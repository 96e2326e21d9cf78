namespace HybridRecommender.Core.Evaluation;

/// <summary>One model's figures on the test set; <see cref="Ranking"/> is null for a model that cannot rank (a constant).</summary>
public sealed record ModelEvaluation(string Name, string Description, AccuracyMetrics Accuracy, RankingScores? Ranking);
