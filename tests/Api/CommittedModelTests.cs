using System.Net.Http.Json;
using System.Text.Json;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HybridRecommender.Tests.Api;

/// <summary>The API on the committed model (MovieLens 1M), as a user would run it.</summary>
public sealed class CommittedModelTests : IDisposable
{
    // One feedback folder per test (xunit makes a new instance per test), removed afterwards: the API creates its
    // SQLite feedback store there, and a leaked folder per test run adds up in /tmp.
    private readonly string _feedbackFolder = Path.Combine(Path.GetTempPath(), "hr-committed-" + Guid.NewGuid().ToString("N"));

    [CommittedModelFact]
    public async Task Comedies_and_dramas_for_user_1_are_ten_unrated_comedies_or_dramas()
    {
        var bundle = ModelBundle.Load(CommittedBundle.Directory!);
        using var factory = Factory();

        var json = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/recommend?user=1&genres=Comedy,Drama");

        Assert.Equal("personalized", json.GetProperty("strategy").GetString());
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(10, items.Count);
        bundle.UserIds.TryGetIndex(1, out var user);
        foreach (var item in items)
        {
            var genres = item.GetProperty("genres").EnumerateArray().Select(g => g.GetString()).ToList();
            Assert.True(genres.Contains("Comedy") || genres.Contains("Drama"), string.Join("|", genres));
            Assert.True(bundle.MovieIds.TryGetIndex(item.GetProperty("movieId").GetInt32(), out var movie));
            Assert.False(bundle.HasRated(user, movie));
        }
    }

    [CommittedModelFact]
    public async Task A_movie_without_training_ratings_has_no_mean_rather_than_zero()
    {
        var bundle = ModelBundle.Load(CommittedBundle.Directory!);
        var unrated = bundle.Movies.First(m => m.RatingCount == 0);
        var rated = bundle.Movies.First(m => m.RatingCount > 0);
        using var factory = Factory();
        var client = factory.CreateClient();

        var none = await client.GetFromJsonAsync<JsonElement>($"/movies/{unrated.Id}");
        var some = await client.GetFromJsonAsync<JsonElement>($"/movies/{rated.Id}");

        Assert.Equal(0, none.GetProperty("ratingCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, none.GetProperty("ratingMean").ValueKind);
        Assert.Equal(rated.RatingMean, some.GetProperty("ratingMean").GetDouble());
    }

    [CommittedModelFact]
    public async Task Health_is_ready()
    {
        using var factory = Factory();

        var json = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal("ready", json.GetProperty("status").GetString());
    }

    private WebApplicationFactory<Program> Factory() =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Model:Path", CommittedBundle.Directory)
            .UseSetting("Feedback:Folder", _feedbackFolder));

    public void Dispose()
    {
        try { if (Directory.Exists(_feedbackFolder)) Directory.Delete(_feedbackFolder, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* best effort: temp folder */ }
    }
}
