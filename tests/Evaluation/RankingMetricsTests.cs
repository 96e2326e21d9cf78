using HybridRecommender.Core.Evaluation;

namespace HybridRecommender.Tests.Evaluation;

public class RankingMetricsTests
{
    // Ranked [a, b, c, d] = [10, 11, 12, 13]; relevant {b, d}.
    private static readonly int[] Ranked = [10, 11, 12, 13];
    private static readonly HashSet<int> Relevant = [11, 13];

    [Fact]
    public void At_two_one_hit_in_second_place()
    {
        Assert.Equal(0.5, RankingMetrics.PrecisionAt(Ranked, Relevant, 2), 12);
        Assert.Equal(0.5, RankingMetrics.RecallAt(Ranked, Relevant, 2), 12);
        var second = 1 / Math.Log2(3);
        Assert.Equal(second / (1 + second), RankingMetrics.NdcgAt(Ranked, Relevant, 2), 12);
    }

    [Fact]
    public void At_four_both_hits_in_second_and_fourth_place()
    {
        Assert.Equal(0.5, RankingMetrics.PrecisionAt(Ranked, Relevant, 4), 12);
        Assert.Equal(1.0, RankingMetrics.RecallAt(Ranked, Relevant, 4), 12);
        var ideal = 1 + 1 / Math.Log2(3);
        Assert.Equal((1 / Math.Log2(3) + 1 / Math.Log2(5)) / ideal, RankingMetrics.NdcgAt(Ranked, Relevant, 4), 12);
    }

    [Fact]
    public void Perfect_ranking_has_ndcg_one()
    {
        Assert.Equal(1.0, RankingMetrics.NdcgAt([11, 13, 10], Relevant, 2), 12);
        Assert.Equal(1.0, RankingMetrics.NdcgAt([11, 13, 10], Relevant, 3), 12);
    }

    [Fact]
    public void Ideal_dcg_counts_only_as_many_relevant_as_fit_in_k()
    {
        // Three relevant, k = 2, hit at rank 1 only: DCG = 1, IDCG = 1 + 1/log2(3).
        HashSet<int> relevant = [1, 2, 3];
        Assert.Equal(1 / (1 + 1 / Math.Log2(3)), RankingMetrics.NdcgAt([1, 9], relevant, 2), 12);
        Assert.Equal(1.0 / 3, RankingMetrics.RecallAt([1, 9], relevant, 2), 12);
    }

    [Fact]
    public void Short_list_counts_missing_slots_as_misses()
    {
        HashSet<int> relevant = [11, 12];
        Assert.Equal(1.0 / 3, RankingMetrics.PrecisionAt([11], relevant, 3), 12);
        Assert.Equal(0.5, RankingMetrics.RecallAt([11], relevant, 3), 12);
        Assert.Equal(1 / (1 + 1 / Math.Log2(3)), RankingMetrics.NdcgAt([11], relevant, 3), 12);
    }

    [Fact]
    public void No_relevant_movies_scores_zero_without_dividing_by_zero()
    {
        HashSet<int> none = [];
        Assert.Equal(0, RankingMetrics.PrecisionAt(Ranked, none, 2));
        Assert.Equal(0, RankingMetrics.RecallAt(Ranked, none, 2));
        Assert.Equal(0, RankingMetrics.NdcgAt(Ranked, none, 2));
    }

    [Fact]
    public void Of_is_the_plain_mean_over_lists()
    {
        var lists = new[]
        {
            new RankedList(0, Ranked, Relevant),      // P@2 0.5, R@2 0.5
            new RankedList(1, [11, 13], Relevant),    // P@2 1, R@2 1, NDCG 1
        };
        var s = RankingMetrics.Of(lists, 2);
        Assert.Equal(2, s.Users);
        Assert.Equal(2, s.K);
        Assert.Equal(0.75, s.Precision, 12);
        Assert.Equal(0.75, s.Recall, 12);
        var second = 1 / Math.Log2(3);
        Assert.Equal((second / (1 + second) + 1) / 2, s.Ndcg, 12);
    }

    [Fact]
    public void K_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.PrecisionAt(Ranked, Relevant, 0));
        Assert.Throws<ArgumentException>(() => RankingMetrics.Of([], 10));
    }

    [Fact]
    public void Per_list_ndcg_averages_to_the_reported_ndcg()
    {
        var lists = new[]
        {
            new RankedList(0, [1, 2, 3], new HashSet<int> { 2 }),
            new RankedList(1, [4, 5, 6], new HashSet<int> { 4, 9 }),
            new RankedList(2, [7, 8, 9], new HashSet<int> { 1 }),
        };
        var perList = RankingMetrics.NdcgPerList(lists, 3);
        Assert.Equal(1 / Math.Log2(3), perList[0], 12);             // one hit at rank 2, ideal rank 1
        Assert.Equal(1 / (1 + 1 / Math.Log2(3)), perList[1], 12);   // hit at rank 1 of two relevant
        Assert.Equal(0, perList[2]);
        Assert.Equal(RankingMetrics.Of(lists, 3).Ndcg, perList.Average(), 12);
    }
}
