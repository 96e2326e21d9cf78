using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HybridRecommender.Tests.Feedback;
using HybridRecommender.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HybridRecommender.Tests.Api;

/// <summary>
/// The API while its database is down: PostgreSQL behind a loopback proxy the test cuts (stopped
/// server) or freezes (hung server), and a SQLite file moved away. Within the deadline every
/// database-backed request is a 503 problem with Retry-After naming no host or file, a trained user's
/// /recommend is still served (with a note), readiness is 503, and it recovers by itself.
/// </summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class DatabaseOutageTests(TrainedBundleFixture fixture)
{
    private const double DeadlineSeconds = 2;

    [Theory, PostgresStore]
    public Task A_stopped_postgres_gives_503s_within_the_deadline_and_recovers(string kind) => PostgresOutageAsync(kind, p => p.Cut());

    [Theory, PostgresStore]
    public Task A_hung_postgres_gives_503s_within_the_deadline_and_recovers(string kind) => PostgresOutageAsync(kind, p => p.Freeze());

    [Fact]
    public async Task A_sqlite_file_moved_away_gives_503s_and_is_not_recreated()
    {
        var folder = Path.Combine(fixture.Root, "outage-" + Guid.NewGuid().ToString("N"));
        var logs = new CapturingLoggerProvider();
        await using var factory = Factory(logs, "Feedback:Folder", folder);
        var file = Path.Combine(folder, "feedback.db");
        await OutageAsync(factory, logs, [folder, "feedback.db"],
            breakIt: () => File.Move(file, file + ".away"),
            restore: () => File.Move(file + ".away", file));
    }

    private async Task PostgresOutageAsync(string kind, Action<LoopbackTcpProxy> breakIt)
    {
        await using var db = new TestStores(kind);
        var real = new NpgsqlConnectionStringBuilder(db.Target);
        await using var proxy = new LoopbackTcpProxy(real.Host!, real.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(db.Target) { Host = "127.0.0.1", Port = proxy.Port };
        var logs = new CapturingLoggerProvider();
        await using var factory = Factory(logs, "Feedback:ConnectionString", viaProxy.ToString());
        await OutageAsync(factory, logs, [real.Host!, proxy.Port.ToString(), real.Database!, real.Username!],
            breakIt: () => breakIt(proxy), restore: proxy.Restore);
    }

    private WebApplicationFactory<Program> Factory(CapturingLoggerProvider logs, string key, string value) =>
        fixture.Factory.WithWebHostBuilder(b => b
            .UseSetting(key, value)
            .UseSetting("Feedback:CommandTimeout", DeadlineSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));

    private async Task OutageAsync(WebApplicationFactory<Program> factory, CapturingLoggerProvider logs, string[] secrets, Action breakIt, Action restore)
    {
        using var client = factory.CreateClient();
        var created = await (await client.PostAsync("/users", null)).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        var token = created.GetProperty("token").GetString()!;
        const int movie = 1000;
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Put(id, movie, token))).StatusCode);
        var trained = fixture.Bundle.UserIds.IdAt(0);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var warningsBefore = logs.Entries.Count(e => e.Level >= LogLevel.Warning);

        breakIt();

        var requests = new Func<HttpRequestMessage>[]
        {
            () => Put(id, movie, token),
            () => Authorised(HttpMethod.Delete, $"/users/{id}/ratings/{movie}", token),
            () => Authorised(HttpMethod.Get, $"/users/{id}/ratings", token),
            () => new HttpRequestMessage(HttpMethod.Post, "/users"),
            () => Authorised(HttpMethod.Get, $"/users/{id}", token), // without the token it is a 401 that needs no database
            () => new HttpRequestMessage(HttpMethod.Get, "/health"),
            () => new HttpRequestMessage(HttpMethod.Get, "/health/ready"),
        };
        for (var round = 0; round < 3; round++)
        {
            foreach (var make in requests)
            {
                using var request = make();
                var what = $"{request.Method} {request.RequestUri}";
                var clock = Stopwatch.StartNew();
                using var response = await client.SendAsync(request);
                Assert.True(clock.Elapsed.TotalSeconds < DeadlineSeconds + 1.5, $"{what} took {clock.Elapsed.TotalSeconds:F1} s");
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what}: {(int)response.StatusCode}");
                Assert.NotNull(response.Headers.RetryAfter);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var body = await response.Content.ReadAsStringAsync();
                foreach (var secret in secrets) Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
            }
            var recommend = await client.GetAsync($"/recommend?user={trained}");
            Assert.Equal(HttpStatusCode.OK, recommend.StatusCode);
            var json = await recommend.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("personalized", json.GetProperty("strategy").GetString());
            Assert.Contains("Feedback is unavailable", json.GetProperty("note").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        // Throttled: one warning for the whole outage, no errors (and no stack traces) per request.
        var during = logs.Entries.Where(e => e.Level >= LogLevel.Warning).Skip(warningsBefore).ToList();
        Assert.Single(during);
        Assert.Contains("Feedback database unavailable", during[0].Message);

        restore();
        var back = Stopwatch.StartNew();
        while ((await client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(back.Elapsed.TotalSeconds < 20, "did not recover within 20 s");
            await Task.Delay(200);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Put(id, movie, token))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Contains(logs.Entries, e => e.Message.Contains("available again", StringComparison.Ordinal));
    }

    private static HttpRequestMessage Put(int user, int movie, string token)
    {
        var request = Authorised(HttpMethod.Put, $"/users/{user}/ratings/{movie}", token);
        request.Content = new StringContent("{\"rating\":4}", Encoding.UTF8, "application/json");
        return request;
    }

    private static HttpRequestMessage Authorised(HttpMethod method, string url, string token)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
