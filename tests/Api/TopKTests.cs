using HybridRecommender.Api.Serving;

namespace HybridRecommender.Tests.Api;

public sealed class TopKTests
{
    [Fact]
    public void Keeps_the_best_k_with_ties_broken_by_the_lower_key()
    {
        var top = new TopK(3);
        // Scores clamped at the top of the scale tie often; the key (movie id) decides.
        (int Index, double Score, int Key)[] stream = [(0, 4.0, 40), (1, 5.0, 30), (2, 5.0, 10), (3, 2.0, 5), (4, 5.0, 20), (5, 4.5, 1)];
        foreach (var (index, score, key) in stream) top.Add(index, score, key);

        Assert.Equal([(2, 5.0), (4, 5.0), (1, 5.0)], top.ToSortedArray());
    }

    [Fact]
    public void Matches_a_full_sort_on_random_input()
    {
        var rng = new Random(11);
        var scores = Enumerable.Range(0, 500).Select(_ => Math.Round(rng.NextDouble() * 4 + 1, 1)).ToArray();
        var top = new TopK(25);
        for (var i = 0; i < scores.Length; i++) top.Add(i, scores[i], i);

        var expected = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(25).Select(i => (i, scores[i]));
        Assert.Equal(expected, top.ToSortedArray());
    }
}
