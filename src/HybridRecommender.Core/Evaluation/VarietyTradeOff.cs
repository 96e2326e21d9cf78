using HybridRecommender.Core.Model;

namespace HybridRecommender.Core.Evaluation;

/// <summary>One variety setting of the served lists on the test protocol: accuracy next to what the lists do to the catalogue.</summary>
/// <param name="Diversity">The diversity knob of the setting (0–1; the strength δ itself when measured by strength).</param>
/// <param name="Novelty">The novelty knob of the setting (0–1; the strength ν itself when measured by strength).</param>
/// <param name="Ranking">P@k, R@k, NDCG@k of the re-ranked lists.</param>
/// <param name="Catalogue">Coverage and long-tail share of the re-ranked lists.</param>
/// <param name="IntraListSimilarity">Mean over users of the mean cosine between the movie vectors of a list's pairs.</param>
public sealed record VarietyPoint(float Diversity, float Novelty, RankingScores Ranking, CatalogueScores Catalogue, double IntraListSimilarity);

/// <summary>
/// evaluate's variety table: the served score's lists re-ranked by <see cref="VarietyReranker"/> — the class /recommend
/// re-ranks with — at a few (diversity, novelty) settings, each from the best <see cref="VarietyReranker.PoolSize"/> candidates.
/// </summary>
public static class VarietyTradeOff
{
    public static readonly IReadOnlyList<(float Diversity, float Novelty)> DefaultSettings =
        [(0f, 0f), (0.25f, 0f), (0.5f, 0f), (0.75f, 0f), (0f, 0.25f), (0f, 0.5f), (0f, 0.75f), (0.5f, 0.5f)];

    // strengths: the settings are the strengths δ, ν themselves (the calibration's search), not the request's knobs.
    public static IReadOnlyList<VarietyPoint> Measure(RankingProtocol protocol, MovieScores served, VarietyReranker reranker,
        IReadOnlyList<int> trainingCounts, int longTailThreshold, int threads, IReadOnlyList<(float Diversity, float Novelty)>? settings = null,
        CancellationToken cancellation = default, bool strengths = false) =>
        (settings ?? DefaultSettings).Select(s =>
        {
            cancellation.ThrowIfCancellationRequested();
            var lists = protocol.Rank(served, threads, (pool, scores) => strengths
                ? reranker.SelectByStrength(pool, scores, protocol.K, s.Diversity, s.Novelty)
                : reranker.Select(pool, scores, protocol.K, s.Diversity, s.Novelty),
                VarietyReranker.PoolSize(protocol.K));
            return new VarietyPoint(s.Diversity, s.Novelty, RankingMetrics.Of(lists, protocol.K),
                CatalogueMetrics.Of(lists, protocol.K, protocol.Movies, trainingCounts, longTailThreshold),
                lists.Average(l => reranker.IntraListSimilarity(l.Ranked)));
        }).ToArray();
}
