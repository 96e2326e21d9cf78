using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HybridRecommender.Tests.Feedback;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HybridRecommender.Tests.Api;

/// <summary>Every auth case (401, 403, admin), rate limits (429 + Retry-After), no secret in the logs, and read-your-writes across replicas.</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class FeedbackSecurityTests(TrainedBundleFixture fixture)
{
    private const string Body = "{\"rating\": 4}";

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("GET")]
    public async Task No_token_is_401_with_WWW_Authenticate(string method)
    {
        var (id, _) = await CreateUserAsync(fixture.Client);

        var response = await Send(fixture.Client, new HttpMethod(method), Url(method, id), null);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer", ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer not-a-real-token", "The bearer token is not valid")]
    [InlineData("Basic dXNlcjpwYXNz", "must be 'Bearer <token>'")]
    [InlineData("Bearer ", "must be 'Bearer <token>'")]
    public async Task A_wrong_token_is_401_invalid_token(string header, string expected)
    {
        var (id, _) = await CreateUserAsync(fixture.Client);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/users/{id}/ratings/1000") { Content = Json(Body) };
        request.Headers.TryAddWithoutValidation("Authorization", header);

        var response = await fixture.Client.SendAsync(request);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains(expected, ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("GET")]
    public async Task Another_users_token_is_403_and_changes_nothing(string method)
    {
        var (victim, victimToken) = await CreateUserAsync(fixture.Client);
        var (_, otherToken) = await CreateUserAsync(fixture.Client);
        await Send(fixture.Client, HttpMethod.Put, Url("PUT", victim), victimToken, Body);

        var response = await Send(fixture.Client, new HttpMethod(method), Url(method, victim), otherToken, method == "PUT" ? "{\"rating\": 1}" : null);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("belongs to another user", ProblemAssertions.Text(problem), StringComparison.Ordinal);
        var ratings = await (await Send(fixture.Client, HttpMethod.Get, $"/users/{victim}/ratings", victimToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, ratings.GetProperty("ratings")[0].GetProperty("rating").GetSingle());
    }

    [Fact]
    public async Task A_user_token_cannot_write_a_trained_user_and_the_admin_key_can()
    {
        var (_, token) = await CreateUserAsync(fixture.Client);

        var asUser = await Send(fixture.Client, HttpMethod.Put, "/users/3/ratings/1000", token, Body);
        var asAdmin = await Send(fixture.Client, HttpMethod.Put, "/users/3/ratings/1000", TrainedBundleFixture.AdminKey, Body);
        var list = await Send(fixture.Client, HttpMethod.Get, "/users/3/ratings", TrainedBundleFixture.AdminKey);
        var removed = await Send(fixture.Client, HttpMethod.Delete, "/users/3/ratings/1000", TrainedBundleFixture.AdminKey);

        var problem = await ProblemAssertions.AssertProblemAsync(asUser, HttpStatusCode.Forbidden);
        Assert.Contains("only the admin key", ProblemAssertions.Text(problem), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Equal(1000, (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ratings")[0].GetProperty("movieId").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
    }

    [Fact]
    public async Task The_admin_key_can_write_a_new_users_ratings()
    {
        var (id, _) = await CreateUserAsync(fixture.Client);

        var response = await Send(fixture.Client, HttpMethod.Put, Url("PUT", id), TrainedBundleFixture.AdminKey, Body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_admin_key_nothing_is_admin()
    {
        using var factory = Factory(fixture, adminKey: "");
        var client = factory.CreateClient();

        var response = await Send(client, HttpMethod.Put, "/users/3/ratings/1000", "", Body);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Too_many_writes_are_429_with_Retry_After()
    {
        using var factory = Factory(fixture, writes: 3);
        var client = factory.CreateClient();
        var (id, token) = await CreateUserAsync(client);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await Send(client, HttpMethod.Put, Url("PUT", id), token, Body);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var problem = await ProblemAssertions.AssertProblemAsync(last!, HttpStatusCode.TooManyRequests);
        Assert.InRange(last!.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Contains("at most 3 writes (ratings, catalogue changes) per user", ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_new_users_are_429_with_Retry_After()
    {
        using var factory = Factory(fixture, createUsers: 2);
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await client.PostAsync("/users", null);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        await ProblemAssertions.AssertProblemAsync(last!, HttpStatusCode.TooManyRequests);
        Assert.NotNull(last!.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Tokens_and_the_admin_key_never_appear_in_the_logs()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = Factory(fixture, logs: logs);
        var client = factory.CreateClient();
        var (id, token) = await CreateUserAsync(client);
        var (_, other) = await CreateUserAsync(client);

        await Send(client, HttpMethod.Put, Url("PUT", id), token, Body);
        await Send(client, HttpMethod.Put, Url("PUT", id), other, Body);              // 403
        await Send(client, HttpMethod.Put, Url("PUT", id), token + "x", Body);        // 401
        await Send(client, HttpMethod.Put, "/users/3/ratings/1000", TrainedBundleFixture.AdminKey, Body);
        await Send(client, HttpMethod.Put, Url("PUT", id), token, "{\"rating\": 9}"); // 400

        Assert.NotEmpty(logs.Entries);
        Assert.Contains(logs.Entries, e => e.Level <= LogLevel.Debug); // the capture saw the chatty levels too
        foreach (var secret in new[] { token, other, TrainedBundleFixture.AdminKey })
            Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal));
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task A_write_through_one_replica_is_seen_by_the_next_read_through_another(string kind)
    {
        await using var db = new TestStores(kind);
        using var replicaA = Factory(fixture, store: db);
        using var replicaB = Factory(fixture, store: db);
        var a = replicaA.CreateClient();
        var b = replicaB.CreateClient();
        var (id, token) = await CreateUserAsync(a);

        var seen = new List<string>();
        foreach (var (movie, stars) in new[] { (1000, 5), (1003, 1), (1006, 4) })
        {
            await Send(a, HttpMethod.Put, $"/users/{id}/ratings/{movie}", token, $"{{\"rating\": {stars}}}");
            var viaB = await (await Send(b, HttpMethod.Get, $"/recommend?user={id}&count=100", token)).Content.ReadAsStringAsync();
            var viaA = await (await Send(a, HttpMethod.Get, $"/recommend?user={id}&count=100", token)).Content.ReadAsStringAsync();
            Assert.Equal(viaA, viaB);
            seen.Add(viaB);
        }
        await Send(b, HttpMethod.Delete, $"/users/{id}/ratings/1006", token);
        var afterDelete = await (await Send(a, HttpMethod.Get, $"/recommend?user={id}&count=100", token)).Content.ReadAsStringAsync();

        Assert.All(seen, s => Assert.Contains("\"personalized\"", s, StringComparison.Ordinal));
        Assert.Equal(3, seen.Distinct().Count()); // every write changed what the other replica served
        Assert.Equal(seen[1], afterDelete);        // and the delete through B is seen through A
    }

    // ---- helpers ----

    private static WebApplicationFactory<Program> Factory(TrainedBundleFixture fixture, int writes = 100_000, int createUsers = 100_000,
        string adminKey = TrainedBundleFixture.AdminKey, CapturingLoggerProvider? logs = null, TestStores? store = null)
    {
        var folder = Path.Combine(fixture.Root, "feedback-" + Guid.NewGuid().ToString("N"));
        return new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Model:Path", fixture.ModelPath)
                .UseSetting("Model:PlotsPath", fixture.PlotsPath)
                .UseSetting("Feedback:Folder", folder)
                .UseSetting("Feedback:AdminKey", adminKey)
                .UseSetting("Feedback:RateLimit:Writes", writes.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .UseSetting("Feedback:RateLimit:CreateUsers", createUsers.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (store is not null)
            {
                if (store.Kind == TestStores.Sqlite) b.UseSetting("Feedback:Folder", Path.GetDirectoryName(store.Target));
                else b.UseSetting("Feedback:ConnectionString", store.Target);
            }
            if (logs is not null)
            {
                b.UseSetting("Logging:LogLevel:Default", "Trace").UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
                b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs));
            }
        });
    }

    private static string Url(string method, int id) => method == "GET" ? $"/users/{id}/ratings" : $"/users/{id}/ratings/1000";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<(int Id, string Token)> CreateUserAsync(HttpClient client)
    {
        var response = await client.PostAsync("/users", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("id").GetInt32(), json.GetProperty("token").GetString()!);
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, string? token, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        if (body is not null) request.Content = Json(body);
        return await client.SendAsync(request);
    }
}
