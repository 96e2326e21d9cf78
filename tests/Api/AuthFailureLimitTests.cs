using System.Net;
using Microsoft.Extensions.DependencyInjection;
using static HybridRecommender.Tests.Api.PrivacyTestHost;

namespace HybridRecommender.Tests.Api;

/// <summary>Failed authentications (bad user tokens, bad admin keys) are limited per client address and per user id: 429 + Retry-After, problem+json.</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class AuthFailureLimitTests(TrainedBundleFixture fixture)
{
    [Fact]
    public async Task A_burst_of_bad_tokens_from_one_address_is_429_and_then_even_a_good_token_waits()
    {
        using var factory = Create(fixture, settings: new Dictionary<string, string> { ["Feedback:RateLimit:AuthFailures"] = "5" });
        var client = factory.CreateClient();
        var (id, token) = await CreateUserAsync(client);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
            statuses.Add((await SendAsync(client, HttpMethod.Get, $"/recommend?user={id}", $"guess-{i}")).StatusCode);
        var good = await SendAsync(client, HttpMethod.Get, $"/users/{id}/ratings", token);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)), statuses);
        var problem = await ProblemAssertions.AssertProblemAsync(good, HttpStatusCode.TooManyRequests);
        Assert.InRange(good.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Contains("failed authentications", ProblemAssertions.Text(problem), StringComparison.Ordinal);
        // Requests without credentials are not authentication failures: public reads go on.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/recommend?user=1")).StatusCode);
    }

    [Fact]
    public async Task Bad_admin_key_guesses_are_limited_too()
    {
        using var factory = Create(fixture, settings: new Dictionary<string, string> { ["Feedback:RateLimit:AuthFailures"] = "3" });
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await SendAsync(client, HttpMethod.Put, "/users/3/ratings/1000", TrainedBundleFixture.AdminKey + i, "{\"rating\": 4}")).StatusCode);
        var realKey = await SendAsync(client, HttpMethod.Put, "/users/3/ratings/1000", TrainedBundleFixture.AdminKey, "{\"rating\": 4}");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        await ProblemAssertions.AssertProblemAsync(realKey, HttpStatusCode.TooManyRequests);
        Assert.NotNull(realKey.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Failures_aimed_at_one_user_id_are_limited_whatever_the_address()
    {
        // Each request comes from its own address (a trusted proxy forwards a different client each time).
        using var factory = Create(fixture, settings: new Dictionary<string, string>
        {
            ["Feedback:RateLimit:AuthFailuresPerUser"] = "4",
            ["ForwardedHeaders:KnownProxies:0"] = "10.9.8.7",
        }, configure: b => b.ConfigureServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new RemoteAddressFilter("10.9.8.7"))));
        var client = factory.CreateClient();
        var (victim, _) = await CreateUserAsync(client);
        var (bystander, bystanderToken) = await CreateUserAsync(client);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            statuses.Add((await SendFromAsync(client, $"203.0.113.{i + 1}", $"/users/{victim}", $"guess-{i}")).StatusCode);
        var otherUser = await SendFromAsync(client, "203.0.113.99", $"/users/{bystander}", bystanderToken);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 4).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode); // another id from a fresh address is untouched
    }

    private static async Task<HttpResponseMessage> SendFromAsync(HttpClient client, string address, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", address);
        return await client.SendAsync(request);
    }
}
