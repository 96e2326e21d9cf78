namespace HybridRecommender.Core.Evaluation;

/// <summary>Precision, recall and NDCG at <see cref="K"/>, each the mean over <see cref="Users"/> users.</summary>
public readonly record struct RankingScores(int Users, int K, double Precision, double Recall, double Ndcg);
