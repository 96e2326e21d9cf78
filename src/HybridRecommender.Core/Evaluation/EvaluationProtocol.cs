using System.Globalization;

namespace HybridRecommender.Core.Evaluation;

/// <summary>The protocol in words, printed above the results and written into the JSON report (docs/EVALUATION.md says the same).</summary>
public static class EvaluationProtocol
{
    public static IReadOnlyList<string> Describe(ReproducedSplit split, int k, float threshold, int longTailThreshold = CatalogueMetrics.DefaultLongTailThreshold)
    {
        var t = threshold.ToString(CultureInfo.InvariantCulture);
        return
        [
            $"Split: the model card's seeded split (seed {split.Seed}, test {split.TestFraction:0.###}, validation {split.ValidationFraction:0.###} of the rest): " +
            $"{split.Train:N0} train / {split.Validation:N0} validation / {split.Test:N0} test ratings. Every model is fitted on train only; the neural ones stop early on validation.",
            "Rating accuracy: RMSE and MAE over every test rating (predictions clamped to the rating scale).",
            $"Ranking: per user, candidates = every catalogue movie the user did NOT rate in train or validation; relevant = the user's test movies rated ≥ {t}.",
            $"Each model scores all candidates; top {k} by score, ties broken by lower movie index. Precision@{k} = hits/{k}; Recall@{k} = hits/#relevant; " +
            $"NDCG@{k} = DCG/IDCG with binary gain, discount 1/log2(rank+1), IDCG over min({k}, #relevant).",
            $"Averages are over users with at least one relevant test movie (a plain mean per user, not per rating).",
            $"Coverage = distinct movies in the ranked users' top-{k} lists / every catalogue movie (movies.dat, rated or not); " +
            $"long-tail share = top-{k} slots holding a movie with fewer than {longTailThreshold} train ratings / all slots filled.",
            "EASE^R (ranking only): B = I − P·diag(1/diag(P)), P = (XᵀX + λI)⁻¹, X = binary user × movie matrix of the train ratings (every rating a positive), " +
            $"over movies with ≥ 1 train rating (others never recommended); scores = X_u·B. λ is the grid value with the best NDCG@{k} on validation " +
            $"(candidates = movies not rated in train, relevant = validation ratings ≥ {t}); test is not used to choose it.",
            "Popularity = IMDb weighted rating from train: WR = v/(v+m)·R + m/(v+m)·C, m = 90th percentile (linear interpolation) of train vote counts over movies with a train rating, C = train mean; the same for every user.",
        ];
    }
}
