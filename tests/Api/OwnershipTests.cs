using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HybridRecommender.Tests.Feedback;
using static HybridRecommender.Tests.Api.PrivacyTestHost;

namespace HybridRecommender.Tests.Api;

/// <summary>A user owns their data: DELETE /users/{id} erases it, POST /users/{id}/token replaces the token (the old one dies at once).</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class OwnershipTests(TrainedBundleFixture fixture)
{
    [Theory, SqliteStore, PostgresStore]
    public async Task Erasure_removes_the_user_and_every_rating_and_the_token_stops_working(string kind)
    {
        await using var db = new TestStores(kind);
        using var factory = Create(fixture, db);
        var client = factory.CreateClient();
        var (id, token) = await CreateUserAsync(client);
        var (other, otherToken) = await CreateUserAsync(client);
        await RateAsync(client, id, token, 1000, 5);
        await RateAsync(client, id, token, 1003, 2);
        await RateAsync(client, other, otherToken, 1000, 3);

        var erased = await SendAsync(client, HttpMethod.Delete, $"/users/{id}", token);

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        await ProblemAssertions.AssertProblemAsync(await SendAsync(client, HttpMethod.Get, $"/users/{id}/ratings", token), HttpStatusCode.Unauthorized);
        await ProblemAssertions.AssertProblemAsync(await SendAsync(client, HttpMethod.Get, $"/users/{id}", TrainedBundleFixture.AdminKey), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await SendAsync(client, HttpMethod.Get, $"/recommend?user={id}", TrainedBundleFixture.AdminKey), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await SendAsync(client, HttpMethod.Delete, $"/users/{id}", TrainedBundleFixture.AdminKey), HttpStatusCode.NotFound);
        // The next training run with --feedback reads the store afresh (FeedbackTraining → AllRatingsAsync): only the other user is left.
        var all = await db.Open().AllRatingsAsync();
        Assert.Equal([(other, 1000)], all.Select(r => (r.UserId, r.MovieId)));
    }

    [Fact]
    public async Task Another_users_token_cannot_erase_and_changes_nothing()
    {
        using var factory = Create(fixture);
        var client = factory.CreateClient();
        var (id, token) = await CreateUserAsync(client);
        var (_, otherToken) = await CreateUserAsync(client);
        await RateAsync(client, id, token, 1000, 5);

        var response = await SendAsync(client, HttpMethod.Delete, $"/users/{id}", otherToken);
        var anonymous = await SendAsync(client, HttpMethod.Delete, $"/users/{id}", null);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        var ratings = await (await SendAsync(client, HttpMethod.Get, $"/users/{id}/ratings", token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, ratings.GetProperty("ratings").GetArrayLength());
    }

    [Fact]
    public async Task The_admin_erases_a_MovieLens_users_API_ratings_and_the_published_profile_stays()
    {
        using var factory = Create(fixture);
        var client = factory.CreateClient();
        var trained = await client.GetStringAsync("/recommend?user=3&count=20");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Put, "/users/3/ratings/1000", TrainedBundleFixture.AdminKey, "{\"rating\": 1}")).StatusCode);
        Assert.NotEqual(trained, await client.GetStringAsync("/recommend?user=3&count=20"));

        var asUser = await SendAsync(client, HttpMethod.Delete, "/users/3", (await CreateUserAsync(client)).Token);
        var erased = await SendAsync(client, HttpMethod.Delete, "/users/3", TrainedBundleFixture.AdminKey);

        await ProblemAssertions.AssertProblemAsync(asUser, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(trained, await client.GetStringAsync("/recommend?user=3&count=20")); // back to the trained profile
        var ratings = await (await SendAsync(client, HttpMethod.Get, "/users/3/ratings", TrainedBundleFixture.AdminKey)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, ratings.GetProperty("ratings").GetArrayLength());
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Rotation_returns_a_new_token_and_the_old_one_stops_at_once_on_every_replica(string kind)
    {
        await using var db = new TestStores(kind);
        using var replicaA = Create(fixture, db);
        using var replicaB = Create(fixture, db);
        var a = replicaA.CreateClient();
        var b = replicaB.CreateClient();
        var (id, oldToken) = await CreateUserAsync(a);
        await RateAsync(a, id, oldToken, 1000, 4);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(b, HttpMethod.Get, $"/users/{id}/ratings", oldToken)).StatusCode);

        var rotated = await SendAsync(a, HttpMethod.Post, $"/users/{id}/token", oldToken);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Contains("no-store", rotated.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        var body = await rotated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, body.GetProperty("id").GetInt32());
        var newToken = body.GetProperty("token").GetString()!;
        Assert.NotEqual(oldToken, newToken);
        foreach (var client in new[] { a, b })
        {
            await ProblemAssertions.AssertProblemAsync(await SendAsync(client, HttpMethod.Get, $"/users/{id}/ratings", oldToken), HttpStatusCode.Unauthorized);
            await ProblemAssertions.AssertProblemAsync(await SendAsync(client, HttpMethod.Get, $"/recommend?user={id}", oldToken), HttpStatusCode.Unauthorized);
            await ProblemAssertions.AssertProblemAsync(await SendAsync(client, HttpMethod.Post, $"/users/{id}/token", oldToken), HttpStatusCode.Unauthorized);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, $"/users/{id}/ratings", newToken)).StatusCode);
        }
    }

    [Fact]
    public async Task Only_the_user_or_the_admin_rotates_and_MovieLens_users_have_no_token()
    {
        using var factory = Create(fixture);
        var client = factory.CreateClient();
        var (id, token) = await CreateUserAsync(client);
        var (_, otherToken) = await CreateUserAsync(client);

        var byOther = await SendAsync(client, HttpMethod.Post, $"/users/{id}/token", otherToken);
        var byAdmin = await SendAsync(client, HttpMethod.Post, $"/users/{id}/token", TrainedBundleFixture.AdminKey);
        var trained = await SendAsync(client, HttpMethod.Post, "/users/3/token", TrainedBundleFixture.AdminKey);

        await ProblemAssertions.AssertProblemAsync(byOther, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        var adminIssued = (await byAdmin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        await ProblemAssertions.AssertProblemAsync(await SendAsync(client, HttpMethod.Get, $"/users/{id}/ratings", token), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, $"/users/{id}/ratings", adminIssued)).StatusCode);
        var problem = await ProblemAssertions.AssertProblemAsync(trained, HttpStatusCode.BadRequest);
        Assert.Contains("no token", ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Of_two_concurrent_rotations_with_one_token_exactly_one_wins(string kind)
    {
        await using var db = new TestStores(kind);
        using var factory = Create(fixture, db);
        var client = factory.CreateClient();
        var (id, token) = await CreateUserAsync(client);

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => SendAsync(client, HttpMethod.Post, $"/users/{id}/token", token)));

        // The loser fails where the race caught it: authentication (401: the old hash is gone), authorisation (403: it
        // authenticated just before the swap) or the swap itself (401: the hash it presented no longer matches).
        var winner = answers.Single(a => a.StatusCode == HttpStatusCode.OK);
        var loser = answers.Single(a => a != winner);
        Assert.Contains(loser.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        var problem = await ProblemAssertions.AssertProblemAsync(loser, loser.StatusCode);
        var text = ProblemAssertions.Text(problem);
        Assert.True(text.Contains("replaced", StringComparison.Ordinal) || text.Contains("not valid", StringComparison.Ordinal), text);
        var newToken = (await winner.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, $"/users/{id}/ratings", newToken)).StatusCode);
        await ProblemAssertions.AssertProblemAsync(await SendAsync(client, HttpMethod.Get, $"/users/{id}/ratings", token), HttpStatusCode.Unauthorized);
    }
}
