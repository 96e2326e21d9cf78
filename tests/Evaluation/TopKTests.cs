using HybridRecommender.Core.Evaluation;

namespace HybridRecommender.Tests.Evaluation;

public class TopKTests
{
    [Fact]
    public void Best_first_ties_by_lower_index_excluded_skipped()
    {
        float[] scores = [1, 3, 3, 2, 5, 3];
        bool[] excluded = [false, false, false, false, true, false];
        Assert.Equal([1, 2, 5], TopK.Select(scores, excluded, 3));
        Assert.Equal([1, 2, 5, 3, 0], TopK.Select(scores, excluded, 5));
    }

    [Fact]
    public void Later_equal_score_does_not_displace_an_earlier_index()
    {
        float[] scores = [2, 2, 2, 2];
        Assert.Equal([0, 1], TopK.Select(scores, new bool[4], 2));
    }

    [Fact]
    public void Fewer_candidates_than_k_returns_them_all()
    {
        float[] scores = [0.5f, 4, 1];
        Assert.Equal([1, 2], TopK.Select(scores, [true, false, false], 10));
        Assert.Empty(TopK.Select(scores, [true, true, true], 10));
    }

    [Fact]
    public void Agrees_with_a_full_stable_sort()
    {
        var rng = new Random(3);
        var scores = Enumerable.Range(0, 500).Select(_ => (float)rng.Next(0, 40) / 8).ToArray();
        var excluded = scores.Select(_ => rng.NextDouble() < 0.2).ToArray();
        var expected = Enumerable.Range(0, scores.Length).Where(i => !excluded[i])
            .OrderByDescending(i => scores[i]).ThenBy(i => i).Take(25).ToArray();
        Assert.Equal(expected, TopK.Select(scores, excluded, 25));
    }

    [Fact]
    public void NaN_score_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TopK.Select([1, float.NaN], new bool[2], 1));
    }
}
