using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HybridRecommender.Tests.Api;

[Collection(TrainedBundleCollection.Name)]
public sealed class SwaggerTests(TrainedBundleFixture fixture)
{
    private static readonly string[] Expected =
    [
        "/recommend", "/predict", "/movies", "/movies/{id}", "/movies/{id}/similar", "/top", "/genres",
        "/users/{id}", "/model", "/plots/loss.svg", "/plots/mae.svg", "/health",
    ];

    public static TheoryData<string> Paths => new(Expected);

    [Fact]
    public async Task The_document_lists_exactly_the_endpoints()
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(Expected.Order(), paths);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Every_operation_has_a_summary_and_documented_parameters(string path)
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var get = doc.GetProperty("paths").GetProperty(path).GetProperty("get");

        Assert.False(string.IsNullOrWhiteSpace(get.GetProperty("summary").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(get.GetProperty("description").GetString()));
        if (get.TryGetProperty("parameters", out var parameters))
        {
            foreach (var p in parameters.EnumerateArray())
            {
                var name = p.GetProperty("name").GetString();
                Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("description").GetString()), $"{path} {name} has no description");
                Assert.True(p.TryGetProperty("example", out _), $"{path} {name} has no example");
            }
        }
        Assert.True(get.GetProperty("responses").TryGetProperty("200", out _));
    }

    [Theory]
    [InlineData("/recommend", "400")]
    [InlineData("/recommend", "404")]
    [InlineData("/predict", "404")]
    [InlineData("/movies/{id}", "404")]
    [InlineData("/top", "400")]
    [InlineData("/plots/mae.svg", "404")]
    public async Task Error_responses_are_listed_as_problem_json(string path, string status)
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var response = doc.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty(status);

        Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task Integer_parameters_are_documented_as_integers_with_their_range()
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var count = doc.GetProperty("paths").GetProperty("/recommend").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "count");

        Assert.Equal("integer", count.GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal(100, count.GetProperty("schema").GetProperty("maximum").GetInt32());
    }

    [Fact]
    public async Task The_root_redirects_to_the_swagger_ui()
    {
        using var client = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/swagger", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/swagger/index.html")).StatusCode);
    }

    [Theory]
    [InlineData("/recommend")]
    [InlineData("/movies")]
    [InlineData("/top")]
    public async Task Match_is_documented_as_an_enum(string path)
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var match = doc.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "match");

        Assert.Equal(["any", "all"], match.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task The_problem_schema_documents_the_extension_members()
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var properties = doc.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails").GetProperty("properties");

        foreach (var name in new[] { "parameter", "validGenres", "traceId" })
            Assert.False(string.IsNullOrWhiteSpace(properties.GetProperty(name).GetProperty("description").GetString()), name);
    }

    [Fact]
    public async Task The_recommended_movie_schema_documents_the_explanation_fields()
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        var properties = schemas.GetProperty("RecommendedMovie").GetProperty("properties");

        foreach (var name in new[] { "reason", "because", "matchedGenres" })
            Assert.False(string.IsNullOrWhiteSpace(properties.GetProperty(name).GetProperty("description").GetString()), name);
        var because = schemas.GetProperty("BecauseYouRated").GetProperty("properties");
        foreach (var name in new[] { "movieId", "title", "similarity" })
            Assert.False(string.IsNullOrWhiteSpace(because.GetProperty(name).GetProperty("description").GetString()), name);
    }
}
