using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HybridRecommender.Tests.Api;

/// <summary>On the committed model (MovieLens 1M): a movie added with POST /movies reaches the list of a user whose ratings favour its genres.</summary>
public sealed class AddedMovieRecommendationTests : IDisposable
{
    private const string AdminKey = "committed-admin-key-0123456789abcdef";
    private readonly string _feedbackFolder = Path.Combine(Path.GetTempPath(), "hr-added-" + Guid.NewGuid().ToString("N"));

    [CommittedModelFact]
    public async Task An_added_animation_is_in_the_top_100_of_a_user_whose_ratings_are_of_its_genres_and_not_of_one_whose_are_not()
    {
        var bundle = ModelBundle.Load(CommittedBundle.Directory!);
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Model:Path", CommittedBundle.Directory)
            .UseSetting("Feedback:Folder", _feedbackFolder)
            .UseSetting("Feedback:AdminKey", AdminKey)
            // This test is about ranking, not deadlines: its first write lands while the committed model's item–item and prior
            // fits run in the background, which on two busy cores (the whole suite in parallel) once took past the default 5 s.
            .UseSetting("Feedback:CommandTimeout", "30"));
        var client = factory.CreateClient();
        using var add = new HttpRequestMessage(HttpMethod.Post, "/movies")
        {
            Content = new StringContent("""{ "title": "A New Animated Film", "year": 2001, "genres": ["Animation", "Children's"] }""", Encoding.UTF8, "application/json"),
        };
        add.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var added = await client.SendAsync(add);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var id = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        // A fan: the 40 most-rated animations and children's films, loved. Another user: the 40 most-rated films of neither, loved.
        // (Every rated film counts as chosen for the relevance head, whatever its stars: a fan is one whose ratings are of the genre.)
        var byCount = bundle.Movies.OrderByDescending(m => m.RatingCount).ToList();
        bool Kids(CatalogueEntry m) => m.Genres.Contains("Animation") || m.Genres.Contains("Children's");
        var fan = await UserAsync(client, byCount.Where(Kids).Take(40).Select(m => (m.Id, 5)));
        var notFan = await UserAsync(client, byCount.Where(m => !Kids(m)).Take(40).Select(m => (m.Id, 5)));

        Assert.Contains(id, await RecommendedAsync(client, fan));
        Assert.DoesNotContain(id, await RecommendedAsync(client, notFan));
    }

    private static async Task<(int Id, string Token)> UserAsync(HttpClient client, IEnumerable<(int Movie, int Stars)> ratings)
    {
        var json = await (await client.PostAsync("/users", null)).Content.ReadFromJsonAsync<JsonElement>();
        var user = (json.GetProperty("id").GetInt32(), json.GetProperty("token").GetString()!);
        foreach (var (movie, stars) in ratings)
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, $"/users/{user.Item1}/ratings/{movie}")
            {
                Content = new StringContent($$"""{"rating": {{stars}}}""", Encoding.UTF8, "application/json"),
            };
            put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Item2);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(put)).StatusCode);
        }
        return user;
    }

    private static async Task<int[]> RecommendedAsync(HttpClient client, (int Id, string Token) user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/recommend?user={user.Id}&count=100");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        var json = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("movieId").GetInt32()).ToArray();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { if (Directory.Exists(_feedbackFolder)) Directory.Delete(_feedbackFolder, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* best effort: temp folder */ }
    }
}
