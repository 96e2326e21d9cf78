namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// One model's figures on the test set. <see cref="Accuracy"/> is null for a ranker that predicts no
/// rating (EASE); <see cref="Ranking"/> and <see cref="Catalogue"/> are null for a model that cannot rank (a constant).
/// <see cref="UsersTiedAtCutoff"/>: ranked users whose top-k cut fell inside a tie of scores (e.g. many
/// predictions clamped to the top of the scale), where the movie-index tie-break decided.
/// <see cref="UserNdcg"/>: each ranked user's NDCG@k in the protocol's user order, for paired comparisons
/// (<see cref="PairedDifference"/>); not written to the JSON report.
/// </summary>
public sealed record ModelEvaluation(string Name, string Description, AccuracyMetrics? Accuracy, RankingScores? Ranking,
    int UsersTiedAtCutoff = 0, CatalogueScores? Catalogue = null,
    [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyList<double>? UserNdcg = null);
