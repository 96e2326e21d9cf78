using System.Net.Http.Json;
using System.Text.Json;
using HybridRecommender.Api.Endpoints;

namespace HybridRecommender.Tests.Api;

[Collection(TrainedBundleCollection.Name)]
public sealed class ChartTests(TrainedBundleFixture fixture)
{
    [Fact]
    public async Task Default_chart_uses_the_90th_percentile_and_the_global_mean()
    {
        var movies = fixture.Bundle.Movies;
        var counts = movies.Where(m => m.RatingCount > 0).Select(m => (double)m.RatingCount).Order().ToArray();
        var position = 0.9 * (counts.Length - 1);
        var low = (int)position;
        var m90 = counts[low] + (position - low) * (counts[Math.Min(low + 1, counts.Length - 1)] - counts[low]);
        double c = fixture.Bundle.Card.GlobalMean;

        var json = await fixture.Client.GetFromJsonAsync<JsonElement>("/top?count=100");

        var chart = json.GetProperty("chart");
        Assert.Equal(m90, chart.GetProperty("m").GetDouble(), 3);
        Assert.True(chart.GetProperty("mIsDefault").GetBoolean());
        Assert.Equal(c, chart.GetProperty("c").GetDouble(), 5);
        var expected = movies.Where(x => x.RatingCount >= m90)
            .Select(x => (x.Id, Wr: x.RatingCount / (x.RatingCount + m90) * x.RatingMean + m90 / (x.RatingCount + m90) * c))
            .OrderByDescending(x => x.Wr).ThenBy(x => x.Id).ToList();
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Count, chart.GetProperty("eligibleMovies").GetInt32());
        Assert.Equal(expected.Select(e => e.Id), items.Select(i => i.GetProperty("movieId").GetInt32()));
        for (var i = 0; i < items.Count; i++)
            Assert.Equal(expected[i].Wr, items[i].GetProperty("weightedRating").GetDouble(), 5);
    }

    [Fact]
    public async Task MinVotes_sets_m_and_the_listing_threshold()
    {
        var json = await fixture.Client.GetFromJsonAsync<JsonElement>("/top?minVotes=5&genres=Sci-Fi&count=100");

        Assert.Equal(5, json.GetProperty("chart").GetProperty("m").GetDouble());
        Assert.False(json.GetProperty("chart").GetProperty("mIsDefault").GetBoolean());
        var expected = fixture.Bundle.Movies.Count(m => m.RatingCount >= 5 && m.RatingCount > 0 && m.Genres.Contains("Sci-Fi"));
        Assert.Equal(expected, json.GetProperty("items").GetArrayLength());
        Assert.All(json.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("ratingCount").GetInt32() >= 5));
    }

    [Fact]
    public async Task An_empty_chart_says_why_and_a_full_one_has_no_note()
    {
        var empty = await fixture.Client.GetFromJsonAsync<JsonElement>("/top?minVotes=1000000&genres=Comedy");
        var full = await fixture.Client.GetFromJsonAsync<JsonElement>("/top?minVotes=1");

        Assert.Equal(0, empty.GetProperty("items").GetArrayLength());
        Assert.Equal("No movie qualifies: none has at least 1000000 ratings and matches the genres. Lower minVotes or widen the genres.",
            empty.GetProperty("note").GetString());
        Assert.NotEqual(0, full.GetProperty("items").GetArrayLength());
        Assert.False(full.TryGetProperty("note", out _)); // a null note is left out
    }

    [Theory]
    // At m ≤ 1 every rated movie is eligible, so only the genres can have emptied the chart. (The synthetic catalogue
    // has a rated movie for every genre combination, so this case is checked on the sentence itself.)
    [InlineData(0, true, "No movie qualifies: no rated movie matches the genres. Widen the genres.")]
    [InlineData(1, true, "No movie qualifies: no rated movie matches the genres. Widen the genres.")]
    [InlineData(2.5, true, "No movie qualifies: none has at least 2.5 ratings and matches the genres. Lower minVotes or widen the genres.")]
    [InlineData(2.5, false, "No movie qualifies: none has at least 2.5 ratings. Lower minVotes.")]
    public void The_empty_chart_note_only_suggests_what_can_change(double m, bool genres, string note) =>
        Assert.Equal(note, ChartEndpoints.EmptyChartNote(m, genres));
}
