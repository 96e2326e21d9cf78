using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

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
    public async Task Without_a_plots_setting_a_variants_own_plots_are_served()
    {
        // A variant trained with --out: the bundle and, inside it, plots/ (where the trainer writes them).
        var variant = Path.Combine(fixture.Root, "variant-" + Guid.NewGuid().ToString("N")[..8]);
        fixture.CopyBundleTo(variant);
        Directory.CreateDirectory(Path.Combine(variant, "plots"));
        const string variantLoss = "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>variant loss</title></svg>";
        File.WriteAllText(Path.Combine(variant, "plots", "loss.svg"), variantLoss);
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Model:Path", variant)
            .UseSetting("Feedback:Folder", Path.Combine(variant, "feedback")));

        var svg = await factory.CreateClient().GetStringAsync("/plots/loss.svg");

        Assert.Equal(variantLoss, svg);
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
