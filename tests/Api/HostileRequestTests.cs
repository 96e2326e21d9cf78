using System.Net;
using System.Text;
using HybridRecommender.Tests.Feedback;
using static HybridRecommender.Tests.Api.PrivacyTestHost;

namespace HybridRecommender.Tests.Api;

/// <summary>
/// Odd and hostile requests at the per-user reads and the new endpoints (erasure, rotation), on SQLite and
/// PostgreSQL: never a 5xx, every 4xx problem+json, and no token, path or stack trace in any answer.
/// </summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class HostileRequestTests(TrainedBundleFixture fixture)
{
    [Theory, SqliteStore, PostgresStore]
    public async Task No_5xx_and_every_error_is_a_problem_without_secrets(string kind)
    {
        await using var db = new TestStores(kind);
        using var factory = Create(fixture, db);
        var client = factory.CreateClient();
        var (id, token) = await CreateUserAsync(client);
        var (other, otherToken) = await CreateUserAsync(client);
        await RateAsync(client, id, token, 1000, 4);

        string[] ids = [$"{id}", $"{other}", "1", "0", "-1", "2147483647", "99999999999", "abc", "1e3", " 1", "%E2%80%8B1"];
        string?[] tokens = [null, token, otherToken, "x", token + "x", new string('a', 5000), "\u00e9t\u00e9", TrainedBundleFixture.AdminKey + " "];
        var urls = ids.SelectMany(u => new[]
        {
            (HttpMethod.Get, $"/recommend?user={u}"), (HttpMethod.Get, $"/predict?user={u}&movie=1000"), (HttpMethod.Get, $"/users/{u}"),
            (HttpMethod.Get, $"/users/{u}/ratings"), (HttpMethod.Post, $"/users/{u}/token"), (HttpMethod.Head, $"/users/{u}"),
            (HttpMethod.Put, $"/users/{u}/ratings/1000"), (HttpMethod.Delete, $"/users/{u}/ratings/1000"),
        }).ToList();
        var answers = 0;
        foreach (var (method, url) in urls)
            foreach (var t in tokens)
            {
                using var request = new HttpRequestMessage(method, url);
                if (t is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + t);
                if (method == HttpMethod.Put)
                    request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"rating\": 4}")) { Headers = { { "Content-Type", "application/json" } } };
                var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                answers++;

                Assert.True((int)response.StatusCode < 500, $"{method} {url} with {(t is null ? "no token" : "a token")}: {(int)response.StatusCode} {body}");
                if ((int)response.StatusCode >= 400 && method != HttpMethod.Head)
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                foreach (var secret in new[] { token, otherToken, TrainedBundleFixture.AdminKey })
                    Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
                Assert.DoesNotContain(Path.GetTempPath(), body, StringComparison.Ordinal);
            }

        // Last, the erasures (the loop rotated the tokens, so the admin key erases), then the same again on nothing.
        foreach (var expected in new[] { HttpStatusCode.NoContent, HttpStatusCode.NotFound })
            Assert.Equal(expected, (await SendAsync(client, HttpMethod.Delete, $"/users/{other}", TrainedBundleFixture.AdminKey)).StatusCode);
        Assert.Equal(urls.Count * tokens.Length, answers);
    }
}
