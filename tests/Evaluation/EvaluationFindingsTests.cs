using HybridRecommender.Core.Evaluation;

namespace HybridRecommender.Tests.Evaluation;

/// <summary>
/// The sentences evaluate prints, on hand-made figures: both branches of the strong-baseline bar (beat it, or
/// say by how much it falls short) and the genre ablation's sign. EvaluatorTests reaches only the branch its
/// synthetic bundle happens to take.
/// </summary>
public class EvaluationFindingsTests
{
    private static ModelEvaluation Model(string name, double ndcg, double? rmse = 1.0) =>
        new(name, name, rmse is { } r ? new AccuracyMetrics(100, r, r * 0.8) : null, new RankingScores(50, 10, ndcg / 2, ndcg, ndcg));

    // The findings with the same bias-only and popularity rows every test uses.
    private static IReadOnlyList<string> Compare(ModelEvaluation hybrid, ModelEvaluation ease, ModelEvaluation? withoutGenres,
        ModelEvaluation? relevance = null, ModelEvaluation? relevanceWithoutGenres = null) =>
        EvaluationFindings.Compare(hybrid, Model("biasOnly", 0.05, 0.91), Model("popularity", 0.09, 1.04), ease, withoutGenres, 10,
            relevance, relevanceWithoutGenres);

    private static IReadOnlyList<string> Findings(double hybridNdcg, double easeNdcg, double withoutGenresNdcg = 0.1) =>
        Compare(Model("hybrid", hybridNdcg, 0.85), Model("ease", easeNdcg, rmse: null), Model("noGenres", withoutGenresNdcg, 0.86));

    [Fact]
    public void A_hybrid_below_the_strong_baseline_is_said_to_fall_short_with_the_gap_and_share()
    {
        var line = Assert.Single(Findings(0.25, 0.3125), f => f.StartsWith("Strong baseline:", StringComparison.Ordinal));
        Assert.Equal("Strong baseline: hybrid falls short of ease by 0.0625 NDCG@10 (0.25000 vs 0.31250: it reaches 80% of ease's NDCG@10).", line);
    }

    [Fact]
    public void A_hybrid_above_the_strong_baseline_is_said_to_reach_it_with_the_margin()
    {
        var line = Assert.Single(Findings(0.3, 0.28), f => f.StartsWith("Strong baseline:", StringComparison.Ordinal));
        Assert.Equal("Strong baseline: hybrid reaches NDCG@10 0.30000, 0.0200 above ease's 0.28000.", line);
    }

    [Fact]
    public void The_genre_sentence_signs_both_differences_so_that_negative_rmse_and_positive_ndcg_mean_genres_help()
    {
        var line = Assert.Single(Findings(0.25, 0.3, withoutGenresNdcg: 0.26), f => f.StartsWith("Genres:", StringComparison.Ordinal));
        Assert.Equal("Genres: test RMSE 0.8500 with vs 0.8600 without (Δ -0.0100; negative = genres help); " +
                     "NDCG@10 0.2500 with vs 0.2600 without (Δ -0.0100; positive = genres help).", line);
    }

    [Fact]
    public void With_per_user_figures_the_gaps_carry_their_standard_error_over_the_users()
    {
        ModelEvaluation WithUsers(string name, double[] users, double? rmse) =>
            Model(name, users.Average(), rmse) with { UserNdcg = users };
        var hybrid = WithUsers("hybrid", [0.4, 0.3, 0.1, 0.2], 0.85);
        var ease = WithUsers("ease", [0.5, 0.3, 0.2, 0.4], null);
        var noGenres = WithUsers("noGenres", [0.3, 0.3, 0.1, 0.1], 0.86);
        var relevance = WithUsers("hybridRelevance", [0.6, 0.4, 0.3, 0.3], 0.85);
        var relevanceNoGenres = WithUsers("relevanceNoGenres", [0.6, 0.5, 0.3, 0.4], 0.86);
        var findings = Compare(hybrid, ease, noGenres, relevance, relevanceNoGenres);
        const string Tail = ", not counting the training seed's spread";

        // hybrid − ease = [−0.1, 0, −0.1, −0.2]: mean −0.1, squared deviations 0, 0.01, 0, 0.01 → SE √(0.02 / 3 / 4) = 0.0408.
        Assert.Equal("Strong baseline: hybrid falls short of ease by 0.1000 NDCG@10 (0.25000 vs 0.35000: it reaches 71% of ease's NDCG@10; " +
                     "standard error of the gap over the 4 users 0.0408" + Tail + ").",
            Assert.Single(findings, f => f.StartsWith("Strong baseline: hybrid ", StringComparison.Ordinal)));
        // hybridRelevance − ease = [0.1, 0.1, 0.1, −0.1]: mean 0.05, squared deviations sum 0.03 → SE √(0.03 / 3 / 4) = 0.05.
        Assert.Equal("Strong baseline: hybridRelevance reaches NDCG@10 0.40000, 0.0500 above ease's 0.35000 " +
                     "(standard error of the gap over the 4 users 0.0500" + Tail + ").",
            Assert.Single(findings, f => f.StartsWith("Strong baseline: hybridRelevance ", StringComparison.Ordinal)));
        // hybrid − noGenres = [0.1, 0, 0, 0.1]: mean 0.05, squared deviations sum 0.01 → SE √(0.01 / 3 / 4) = 0.0289.
        Assert.Contains("(Δ +0.0500; standard error of the gap over the 4 users 0.0289" + Tail + "; positive = genres help)",
            Assert.Single(findings, f => f.StartsWith("Genres: ", StringComparison.Ordinal)));
        // hybridRelevance − relevanceNoGenres = [0, −0.1, 0, −0.1]: mean −0.05, SE 0.0289.
        Assert.Equal("Genres, hybridRelevance: NDCG@10 0.4000 with vs 0.4500 without (Δ -0.0500; standard error of the gap over the 4 users 0.0289" +
                     Tail + "; positive = genres help) — genres do NOT help the ranking.",
            Assert.Single(findings, f => f.StartsWith("Genres, ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Per_user_figures_of_different_lengths_are_a_pairing_error_not_a_silent_omission()
    {
        var hybrid = Model("hybrid", 0.25, 0.85) with { UserNdcg = [0.2, 0.3] };
        var ease = Model("ease", 0.3, null) with { UserNdcg = [0.3, 0.3, 0.3] };
        Assert.Throws<ArgumentException>(() => Compare(hybrid, ease, withoutGenres: null));
    }

    [Fact]
    public void The_per_user_figures_stay_out_of_the_json_report()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Model("hybrid", 0.25) with { UserNdcg = [0.2, 0.3] },
            HybridRecommender.Core.Bundle.ModelBundle.Json);
        Assert.Contains("\"ranking\"", json);
        Assert.DoesNotContain("userNdcg", json, StringComparison.OrdinalIgnoreCase);
    }
}
