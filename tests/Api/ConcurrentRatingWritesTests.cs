using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HybridRecommender.Tests.Feedback;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HybridRecommender.Tests.Api;

/// <summary>
/// 16 clients PUT and DELETE the same (user, movie) through the API at once, on each database: no 5xx,
/// and no acknowledged write lost — each client's own witness movie (same user, so the same user row)
/// holds its last acknowledged value, and the shared movie ends as one client's last acknowledged operation left it.
/// </summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class ConcurrentRatingWritesTests(TrainedBundleFixture fixture)
{
    private const int Clients = 16, Rounds = 15;

    [Theory, SqliteStore, PostgresStore]
    public async Task Put_and_delete_of_one_key_from_16_clients_give_no_5xx_and_lose_nothing(string kind)
    {
        await using var db = new TestStores(kind);
        await using var factory = fixture.Factory.WithWebHostBuilder(b =>
        {
            if (kind == TestStores.Sqlite) b.UseSetting("Feedback:Folder", Path.GetDirectoryName(db.Target)!);
            else b.UseSetting("Feedback:ConnectionString", db.Target);
        });
        using var setup = factory.CreateClient();
        var created = await (await setup.PostAsync("/users", null)).Content.ReadFromJsonAsync<JsonElement>();
        var user = created.GetProperty("id").GetInt32();
        var token = created.GetProperty("token").GetString()!;
        var movies = fixture.Bundle.Movies.Select(m => m.Id).Take(Clients + 1).ToArray();
        var shared = movies[0];

        var statuses = new List<int>();
        var lastShared = new int?[Clients];
        var lastWitness = new int?[Clients];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            using var http = factory.CreateClient();
            await start.Task;
            for (var i = 0; i < Rounds; i++)
            {
                var rating = (c + i) % 5 + 1;
                using var write = i % 2 == 0 ? Put(user, shared, rating, token) : Delete(user, shared, token);
                using var response = await http.SendAsync(write);
                lock (statuses) statuses.Add((int)response.StatusCode);
                if (response.IsSuccessStatusCode) lastShared[c] = i % 2 == 0 ? rating : null;
                using var witness = await http.SendAsync(Put(user, movies[c + 1], rating, token));
                lock (statuses) statuses.Add((int)witness.StatusCode);
                if (witness.IsSuccessStatusCode) lastWitness[c] = rating;
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(clients);

        Assert.Equal(Clients * Rounds * 2, statuses.Count);
        Assert.All(statuses, s => Assert.InRange(s, 200, 299));
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/users/{user}/ratings");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var json = await (await setup.SendAsync(read)).Content.ReadFromJsonAsync<JsonElement>();
        var present = json.GetProperty("ratings").EnumerateArray()
            .ToDictionary(r => r.GetProperty("movieId").GetInt32(), r => (int)r.GetProperty("rating").GetSingle());
        for (var c = 0; c < Clients; c++) Assert.Equal(lastWitness[c], present[movies[c + 1]]);
        int? finalShared = present.TryGetValue(shared, out var v) ? v : null;
        Assert.Contains(finalShared, lastShared);
    }

    private static HttpRequestMessage Put(int user, int movie, int rating, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/users/{user}/ratings/{movie}")
        {
            Content = new StringContent($"{{\"rating\":{rating}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static HttpRequestMessage Delete(int user, int movie, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/users/{user}/ratings/{movie}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
