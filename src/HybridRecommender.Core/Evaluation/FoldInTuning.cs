using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Core.Evaluation;

/// <summary>One (λ_p, λ_b, α_f) of the grid with its cold-start figures on the validation split.</summary>
public sealed record FoldInTuningRow(float VectorPenalty, float BiasPenalty, float RelevanceWeight, IReadOnlyList<ColdStartResult> Results)
{
    /// <summary>The selection criterion: fold-in's NDCG@k averaged over the measured k.</summary>
    public double MeanNdcg => Results.Average(r => r.FoldIn.Ndcg);

    /// <summary>The tie-break: fold-in's RMSE on the held-out ratings averaged over the measured k.</summary>
    public double MeanRmse => Results.Average(r => r.FoldInAccuracy.Rmse);
}

/// <summary>
/// Chooses <see cref="FoldInOptions"/>' penalties on the VALIDATION split, never the test split:
/// the cold-start protocol with train as the seen ratings (fold-in samples and candidate exclusion)
/// and validation as the held-out ratings, for every (λ_p, λ_b) of a grid (docs/MODEL.md, "Fold-in").
/// </summary>
public static class FoldInTuning
{
    public static readonly IReadOnlyList<float> DefaultVectorPenalties = [0.3f, 1f, 3f, 10f, 30f];
    public static readonly IReadOnlyList<float> DefaultBiasPenalties = [0.3f, 3f, 30f];
    public static readonly IReadOnlyList<float> DefaultRelevanceWeights = [0f];

    /// <summary>Mean-NDCG differences below this are treated as ties (they move with the seed of the sample).</summary>
    public const double NdcgTie = 0.0005;

    /// <summary>The rule: the best mean NDCG@10; among rows within <see cref="NdcgTie"/> of it, the lowest mean RMSE.</summary>
    public static FoldInTuningRow Choose(IReadOnlyList<FoldInTuningRow> rows)
    {
        var best = rows.Max(r => r.MeanNdcg);
        return rows.Where(r => r.MeanNdcg >= best - NdcgTie).MinBy(r => r.MeanRmse)!;
    }

    public static IReadOnlyList<FoldInTuningRow> Run(ModelBundle bundle, MovieLensDataset data, int threads,
        IReadOnlyList<float>? vectorPenalties = null, IReadOnlyList<float>? biasPenalties = null,
        Action<FoldInTuningRow>? progress = null, CancellationToken cancellation = default, IReadOnlyList<float>? relevanceWeights = null,
        bool servedScore = false)
    {
        var card = bundle.Card;
        BundleDataCheck.Verify(card, data, null);
        var split = card.Split.Of(data);
        var ratings = data.Ratings;
        var protocol = RankingProtocol.Create(ratings, split.Train, split.Validation, data.Users.Count, data.Movies.Count);
        var sample = ColdStartSample.Create(ratings, split.Train, protocol.Users, ColdStartEvaluation.DefaultSeed);
        var popularity = PopularityPredictor.Fit(ratings, split.Train, data.Movies.Count);
        var train = ImplicitFeedback.FromRatings(ratings, split.Train, data.Users.Count, data.Movies.Count);
        // Default: the fold-in profile alone (relevance head, no r̂ or item–item share), as before the item–item term;
        // servedScore: ranked as /recommend ranks a folded-in user (the bundle's served score with its fold-in weights).
        var ranking = servedScore ? bundle.Ranking : new ServedRanking(bundle.Scorer, 0f, null, 0f);
        // servedScore: folded in as the API folds in a new user, with the prior of their movies (fitted without their own row, as evaluate).
        Func<int, RatedMoviesPrior?>? priorFor = servedScore ? CrossFittedPriors.Fit(train, bundle.Scorer, threads: threads).For : null;
        var rows = new List<FoldInTuningRow>();
        foreach (var vp in vectorPenalties ?? DefaultVectorPenalties)
            foreach (var bp in biasPenalties ?? DefaultBiasPenalties)
            foreach (var rw in relevanceWeights ?? DefaultRelevanceWeights)
            {
                var options = FoldInOptions.Default with { VectorPenalty = vp, BiasPenalty = bp, RelevanceWeight = rw };
                var results = ColdStartEvaluation.DefaultRatingCounts
                    .Select(k => ColdStartEvaluation.Measure(ranking, options, ratings, split.Validation, protocol, sample, popularity, k, threads, train, cancellation, priorFor))
                    .ToArray();
                var row = new FoldInTuningRow(vp, bp, rw, results);
                rows.Add(row);
                progress?.Invoke(row);
            }
        return rows;
    }
}
