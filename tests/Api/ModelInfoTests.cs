using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HybridRecommender.Tests.Api;

/// <summary>/model, /plots, /health.</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class ModelInfoTests(TrainedBundleFixture fixture)
{
    [Fact]
    public async Task Model_card_is_served_without_the_id_maps()
    {
        var json = await fixture.Client.GetFromJsonAsync<JsonElement>("/model");

        Assert.Equal(8, json.GetProperty("architecture").GetProperty("dim").GetInt32());
        Assert.Equal(fixture.Bundle.Card.Epochs.Count, json.GetProperty("epochs").GetArrayLength());
        Assert.True(json.GetProperty("test").TryGetProperty("hybrid", out _));
        Assert.Equal(fixture.Bundle.Card.TrainedAt, json.GetProperty("trainedAt").GetDateTimeOffset());
        Assert.False(json.TryGetProperty("userIds", out _));
        Assert.False(json.TryGetProperty("movieIds", out _));
        // How /recommend ranks: β and the validation points it was chosen from.
        var ranking = fixture.Bundle.Card.Ranking!;
        Assert.Equal(ranking.RatingWeight, json.GetProperty("ranking").GetProperty("ratingWeight").GetSingle());
        Assert.Equal(ranking.Validation.Count, json.GetProperty("ranking").GetProperty("validation").GetArrayLength());
    }

    [Fact]
    public async Task Plots_are_served_as_svg()
    {
        var response = await fixture.Client.GetAsync("/plots/loss.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TrainedBundleFixture.LossSvg, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Plots_are_served_as_png()
    {
        var response = await fixture.Client.GetAsync("/plots/mae.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TrainedBundleFixture.MaePng, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Health_is_ready_with_the_model_sizes()
    {
        var json = await fixture.Client.GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal("ready", json.GetProperty("status").GetString());
        Assert.Equal(120, json.GetProperty("users").GetInt32());
        Assert.Equal(80, json.GetProperty("movies").GetInt32());
    }
}
