using HybridRecommender.Core.Evaluation;

namespace HybridRecommender.Tests.Evaluation;

public class CatalogueMetricsTests
{
    // Catalogue of 10 movies; training counts: movies 0–4 popular (≥ 20), 5–9 long tail (< 20; 19 is the edge).
    private static readonly int[] Counts = [100, 50, 20, 20, 30, 19, 5, 0, 1, 2];

    [Fact]
    public void Coverage_is_distinct_movies_over_the_catalogue_and_tail_share_counts_slots()
    {
        IReadOnlyList<int>[] lists = [[0, 1, 5], [0, 2, 6], [1, 0, 9]];

        var c = CatalogueMetrics.Of(lists, k: 3, catalogueSize: 10, Counts);

        Assert.Equal(3, c.Lists);
        Assert.Equal(9, c.Slots);
        Assert.Equal(6, c.DistinctMovies);            // 0, 1, 2, 5, 6, 9
        Assert.Equal(0.6, c.Coverage, 12);
        Assert.Equal(3, c.LongTailSlots);             // 5 (19 ratings), 6, 9; movie 2 has exactly 20, so not long tail
        Assert.Equal(3.0 / 9, c.LongTailShare, 12);
    }

    [Fact]
    public void Only_the_first_k_of_each_list_count_and_short_lists_fill_fewer_slots()
    {
        IReadOnlyList<int>[] lists = [[7, 8, 0, 1], [3]];

        var c = CatalogueMetrics.Of(lists, k: 2, catalogueSize: 10, Counts);

        Assert.Equal(3, c.Slots);                     // 7, 8 and 3
        Assert.Equal(3, c.DistinctMovies);
        Assert.Equal(0.3, c.Coverage, 12);
        Assert.Equal(2, c.LongTailSlots);
        Assert.Equal(2.0 / 3, c.LongTailShare, 12);
    }

    [Fact]
    public void The_same_movie_everywhere_covers_one_movie()
    {
        IReadOnlyList<int>[] lists = [[0], [0], [0], [0]];
        var c = CatalogueMetrics.Of(lists, k: 10, catalogueSize: 10, Counts);
        Assert.Equal(1, c.DistinctMovies);
        Assert.Equal(0.1, c.Coverage, 12);
        Assert.Equal(0, c.LongTailShare);
    }

    [Fact]
    public void The_threshold_is_a_parameter()
    {
        IReadOnlyList<int>[] lists = [[2, 4]];
        Assert.Equal(0.5, CatalogueMetrics.Of(lists, 2, 10, Counts, longTailThreshold: 21).LongTailShare, 12); // 20 < 21, 30 is not
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CatalogueMetrics.Of(Array.Empty<IReadOnlyList<int>>(), 10, 10, Counts));
        Assert.Throws<ArgumentOutOfRangeException>(() => CatalogueMetrics.Of([new[] { 10 }], 10, 10, Counts));
        Assert.Throws<ArgumentException>(() => CatalogueMetrics.Of([new[] { 1 }], 10, 9, Counts));
    }
}
