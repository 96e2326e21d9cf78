using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HybridRecommender.Tests.Feedback;
using static HybridRecommender.Tests.Api.PrivacyTestHost;

namespace HybridRecommender.Tests.Api;

/// <summary>
/// What an API-created user rated is readable only with their token or the admin key, from every
/// per-user endpoint, on SQLite and PostgreSQL (when HR_TEST_POSTGRES is set); MovieLens users stay public.
/// </summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class PrivacyTests(TrainedBundleFixture fixture)
{
    public static TheoryData<string, string> EndpointsAndStores()
    {
        var data = new TheoryData<string, string>();
        foreach (var url in new[] { "/recommend?user={id}&count=100", "/predict?user={id}&movie=1000", "/users/{id}", "/users/{id}/ratings" })
        {
            data.Add(url, TestStores.Sqlite);
            if (TestStores.PostgresConnectionString is not null) data.Add(url, TestStores.Postgres);
        }
        return data;
    }

    [Theory, MemberData(nameof(EndpointsAndStores))]
    public async Task An_API_users_rated_set_cannot_be_inferred_without_their_token(string url, string kind)
    {
        await using var db = new TestStores(kind);
        using var factory = Create(fixture, db);
        var client = factory.CreateClient();
        // Two users who rated different movies: any answer that depended on what they rated would differ.
        var (a, tokenA) = await CreateUserAsync(client);
        var (b, tokenB) = await CreateUserAsync(client);
        await RateAsync(client, a, tokenA, 1000, 5);
        await RateAsync(client, a, tokenA, 1003, 4);
        await RateAsync(client, b, tokenB, 1006, 1);
        var (stranger, strangerToken) = await CreateUserAsync(client);

        foreach (var (token, status) in new (string?, HttpStatusCode)[]
                 { (null, HttpStatusCode.Unauthorized), ("not-a-token", HttpStatusCode.Unauthorized), (strangerToken, HttpStatusCode.Forbidden) })
        {
            var forA = await SendAsync(client, HttpMethod.Get, url.Replace("{id}", $"{a}", StringComparison.Ordinal), token);
            var forB = await SendAsync(client, HttpMethod.Get, url.Replace("{id}", $"{b}", StringComparison.Ordinal), token);

            var problemA = await ProblemAssertions.AssertProblemAsync(forA, status);
            var problemB = await ProblemAssertions.AssertProblemAsync(forB, status);
            Assert.Equal(ProblemAssertions.Text(problemA).Replace($"{a}", "ID", StringComparison.Ordinal),
                ProblemAssertions.Text(problemB).Replace($"{b}", "ID", StringComparison.Ordinal));
            Assert.Equal(forA.Headers.WwwAuthenticate.ToString(), forB.Headers.WwwAuthenticate.ToString());
        }
        // An id nobody holds answers exactly as an existing one: existence is not revealed either.
        var unknown = await SendAsync(client, HttpMethod.Get, url.Replace("{id}", "999999", StringComparison.Ordinal), null);
        await ProblemAssertions.AssertProblemAsync(unknown, HttpStatusCode.Unauthorized);

        // The user's own token and the admin key read it; the stranger's own data stays theirs.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, url.Replace("{id}", $"{a}", StringComparison.Ordinal), tokenA)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, url.Replace("{id}", $"{a}", StringComparison.Ordinal), TrainedBundleFixture.AdminKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, url.Replace("{id}", $"{stranger}", StringComparison.Ordinal), strangerToken)).StatusCode);
    }

    [Fact]
    public async Task The_answer_with_the_token_shows_what_the_user_rated()
    {
        using var factory = Create(fixture);
        var client = factory.CreateClient();
        var (id, token) = await CreateUserAsync(client);
        await RateAsync(client, id, token, 1000, 5);

        var predicted = await (await SendAsync(client, HttpMethod.Get, $"/predict?user={id}&movie=1000", token)).Content.ReadFromJsonAsync<JsonElement>();
        var user = await (await SendAsync(client, HttpMethod.Get, $"/users/{id}", token)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(predicted.GetProperty("alreadyRated").GetBoolean());
        Assert.Equal(1, user.GetProperty("ratedCount").GetInt32());
    }

    [Theory]
    [InlineData("/recommend?user=1")]
    [InlineData("/predict?user=1&movie=1000")]
    [InlineData("/users/1")]
    public async Task MovieLens_users_stay_public(string url)
    {
        var response = await fixture.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_401_on_a_read_says_why_a_token_is_needed()
    {
        var (id, _) = await CreateUserAsync(fixture.Client);

        var response = await fixture.Client.GetAsync($"/recommend?user={id}");

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("private", ProblemAssertions.Text(problem), StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer", ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }
}
