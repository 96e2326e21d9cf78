using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Api;

/// <summary>GET /recommend's diversity and novelty: 0 is today's list, the re-ranked lists come from the best candidates, bad values are 400s.</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class VarietyTests(TrainedBundleFixture fixture)
{
    private const int UserId = 1;

    private async Task<List<int>> Ids(string query) =>
        (await fixture.Client.GetFromJsonAsync<JsonElement>($"/recommend?user={UserId}&{query}")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("movieId").GetInt32()).ToList();

    [Fact]
    public async Task Zero_diversity_and_novelty_is_the_default_list()
    {
        Assert.Equal(await Ids("count=10"), await Ids("count=10&diversity=0&novelty=0"));
    }

    [Fact]
    public async Task Full_novelty_takes_the_least_rated_of_the_best_candidates()
    {
        var bundle = fixture.Bundle;
        var all = await Ids("count=100"); // every unrated movie, best first: the pool the re-ranking starts from
        var pool = all.Take(Core.Model.VarietyReranker.PoolSize(5)).ToList();
        var novel = await Ids("count=5&novelty=1");
        int Count(int id) { bundle.MovieIds.TryGetIndex(id, out var m); return bundle.Movies[m].RatingCount; }
        // ν = 1: the order is by train rating count alone, fewest first, ties to the better-ranked.
        var expected = pool.Select((id, rank) => (id, rank)).OrderBy(t => Count(t.id)).ThenBy(t => t.rank).Take(5).Select(t => t.id);
        Assert.Equal(expected, novel);
        Assert.NotEqual(all.Take(5), novel);
    }

    [Fact]
    public async Task Diversity_lowers_the_similarity_within_the_list()
    {
        var bundle = fixture.Bundle;
        var reranker = new Core.Model.VarietyReranker(bundle.Scorer, bundle.Movies.Select(m => m.RatingCount).ToArray());
        var plain = await Ids("count=10");
        var diverse = await Ids("count=10&diversity=0.8");
        Assert.Equal(10, diverse.Count);
        Assert.Equal(plain[0], diverse[0]); // the first slot has nothing to differ from
        double Similarity(List<int> ids) => reranker.IntraListSimilarity(ids.Select(id => { bundle.MovieIds.TryGetIndex(id, out var m); return m; }).ToArray());
        Assert.True(Similarity(diverse) < Similarity(plain), $"diverse {Similarity(diverse)} vs plain {Similarity(plain)}");
    }

    [Theory]
    [InlineData("diversity=2")]
    [InlineData("diversity=-0.1")]
    [InlineData("novelty=abc")]
    [InlineData("novelty=NaN")]
    public async Task Values_outside_zero_to_one_are_refused(string query)
    {
        var response = await fixture.Client.GetAsync($"/recommend?user={UserId}&{query}");
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("from 0 to 1", ProblemAssertions.Text(problem));
    }
}
