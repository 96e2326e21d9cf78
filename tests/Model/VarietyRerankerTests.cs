using HybridRecommender.Core.Model;
using HybridRecommender.Tests.Evaluation;

namespace HybridRecommender.Tests.Model;

/// <summary>The MMR re-ranking on hand-checkable settings: 0 keeps the order, ν = 1 sorts by novelty, δ = 1 by dissimilarity.</summary>
public sealed class VarietyRerankerTests(SyntheticBundle fixture) : IClassFixture<SyntheticBundle>
{
    private VarietyReranker Reranker() => new(fixture.Bundle.Scorer, fixture.Bundle.Movies.Select(m => m.RatingCount).ToArray());

    private static readonly int[] Pool = [5, 17, 3, 40, 22, 8, 61, 30];
    private static readonly float[] Scores = [3f, 2.5f, 2f, 1.5f, 1f, 0.5f, 0f, -1f];

    [Fact]
    public void Zero_weights_keep_the_pools_order()
    {
        Assert.Equal(Pool[..4], Reranker().Select(Pool, Scores, 4, 0f, 0f));
    }

    [Fact]
    public void Full_novelty_orders_by_novelty_then_by_score()
    {
        var r = Reranker();
        var expected = Pool.Select((m, rank) => (m, rank)).OrderByDescending(t => r.Novelty(t.m)).ThenBy(t => t.rank).Take(5).Select(t => t.m);
        Assert.Equal(expected, r.Select(Pool, Scores, 5, 0f, 1f));
    }

    [Fact]
    public void Full_diversity_takes_the_best_then_each_time_the_least_similar_to_those_taken()
    {
        var r = Reranker();
        var picks = r.Select(Pool, Scores, 3, 1f, 0f);
        Assert.Equal(Pool[0], picks[0]);
        var second = Pool.Where(m => m != Pool[0]).MinBy(m => r.Similarity(m, Pool[0]));
        Assert.Equal(second, picks[1]);
        var third = Pool.Where(m => m != Pool[0] && m != second).MinBy(m => Math.Max(r.Similarity(m, Pool[0]), r.Similarity(m, second)));
        Assert.Equal(third, picks[2]);
    }

    [Fact]
    public void Novelty_is_zero_for_the_most_rated_movie_and_similarity_of_a_movie_with_itself_is_one()
    {
        var r = Reranker();
        var counts = fixture.Bundle.Movies.Select(m => m.RatingCount).ToArray();
        Assert.Equal(0f, r.Novelty(Array.IndexOf(counts, counts.Max())), 6);
        Assert.Equal(1f, r.Similarity(5, 5), 5);
        Assert.Equal(r.Similarity(5, 17), r.Similarity(17, 5));
        var list = new[] { 5, 17, 3 };
        Assert.Equal((r.Similarity(5, 17) + r.Similarity(5, 3) + r.Similarity(17, 3)) / 3, r.IntraListSimilarity(list), 5);
    }

    [Theory]
    [InlineData(-0.1f, 0f)]
    [InlineData(0f, 1.5f)]
    [InlineData(float.NaN, 0f)]
    public void Weights_outside_zero_to_one_are_refused(float diversity, float novelty)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Reranker().Select(Pool, Scores, 3, diversity, novelty));
    }

    [Theory]
    [InlineData(0f, 0.65f, 0f)]
    [InlineData(0.25f, 0.65f, 0.325f)]
    [InlineData(0.5f, 0.65f, 0.65f)]
    [InlineData(0.75f, 0.65f, 0.825f)]
    [InlineData(1f, 0.65f, 1f)]
    [InlineData(0.5f, 0.5f, 0.5f)]
    public void A_knob_maps_piecewise_linearly_through_its_midpoint(float knob, float midpoint, float strength)
    {
        Assert.Equal(strength, VarietyReranker.Strength(knob, midpoint), 6);
    }

    [Fact]
    public void A_request_knob_re_ranks_at_its_calibrated_strength()
    {
        var r = Reranker();
        var mapped = VarietyReranker.Strength(0.5f, VarietyReranker.NoveltyMidpoint);
        Assert.NotEqual(0.5f, mapped);
        Assert.Equal(r.SelectByStrength(Pool, Scores, 5, 0f, mapped), r.Select(Pool, Scores, 5, 0f, 0.5f));
        Assert.Equal(r.SelectByStrength(Pool, Scores, 5, VarietyReranker.Strength(0.5f, VarietyReranker.DiversityMidpoint), 0f), r.Select(Pool, Scores, 5, 0.5f, 0f));
    }
}
