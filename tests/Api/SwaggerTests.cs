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
        "/users/{id}", "/model", "/plots/loss.svg", "/plots/loss.png", "/plots/mae.svg", "/plots/mae.png", "/plots/variety.svg", "/plots/variety.png", "/health",
        "/users", "/users/{id}/ratings", "/users/{id}/ratings/{movieId}", "/users/{id}/token",
    ];

    public static TheoryData<string> Paths => new(Expected);

    [Fact]
    public async Task The_document_lists_exactly_the_endpoints()
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(Expected.Order(), paths);
    }

    [Fact]
    public async Task The_main_calls_come_first_and_chart_model_and_health_last()
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        // Swagger UI lists the tags in the order their first operation appears, the paths in document order.
        var tags = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => o.Value.GetProperty("tags")[0].GetString()!))
            .Distinct().ToArray();
        Assert.Equal(["Recommendations", "Predictions", "Movies", "Users", "Charts", "Model", "Health"], tags);
        Assert.Equal("/recommend", doc.GetProperty("paths").EnumerateObject().First().Name);
        if (doc.TryGetProperty("tags", out var declared)) // a top-level tag list, when present, must agree
            Assert.Equal(tags, declared.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Where(tags.Contains).ToArray());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Every_operation_has_a_summary_and_documented_parameters(string path)
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        foreach (var operation in doc.GetProperty("paths").GetProperty(path).EnumerateObject())
        {
            var op = operation.Value;
            Assert.False(string.IsNullOrWhiteSpace(op.GetProperty("summary").GetString()), $"{operation.Name} {path}");
            Assert.False(string.IsNullOrWhiteSpace(op.GetProperty("description").GetString()), $"{operation.Name} {path}");
            if (op.TryGetProperty("parameters", out var parameters))
            {
                foreach (var p in parameters.EnumerateArray())
                {
                    var name = p.GetProperty("name").GetString();
                    Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("description").GetString()), $"{path} {name} has no description");
                    Assert.True(p.TryGetProperty("example", out _), $"{path} {name} has no example");
                }
            }
            Assert.True(op.GetProperty("responses").EnumerateObject().Any(r => r.Name.StartsWith('2')), $"{operation.Name} {path} has no 2xx");
        }
    }

    [Theory]
    [InlineData("/users/{id}/ratings/{movieId}", "put")]
    [InlineData("/users/{id}/ratings/{movieId}", "delete")]
    [InlineData("/users/{id}/ratings", "get")]
    [InlineData("/users/{id}", "delete")]
    [InlineData("/users/{id}/token", "post")]
    [InlineData("/movies", "post")]
    [InlineData("/movies/{id}", "put")]
    [InlineData("/movies/{id}", "delete")]
    public async Task Rating_operations_need_the_bearer_scheme_and_list_401_403_429(string path, string method)
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var op = doc.GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.Equal("http", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("type").GetString());
        Assert.True(op.GetProperty("security")[0].TryGetProperty("Bearer", out _));
        var responses = op.GetProperty("responses");
        Assert.True(responses.TryGetProperty("401", out _));
        Assert.True(responses.TryGetProperty("403", out _));
        Assert.True(responses.TryGetProperty("429", out _));
    }

    [Theory]
    [InlineData("/recommend")]
    [InlineData("/predict")]
    [InlineData("/users/{id}")]
    public async Task Per_user_reads_take_the_bearer_scheme_optionally_and_list_401_403_429(string path)
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var op = doc.GetProperty("paths").GetProperty(path).GetProperty("get");

        var security = op.GetProperty("security").EnumerateArray().ToList();
        Assert.Contains(security, r => r.TryGetProperty("Bearer", out _));
        Assert.Contains(security, r => !r.EnumerateObject().Any()); // {}: anonymous too (MovieLens users are public)
        var responses = op.GetProperty("responses");
        foreach (var status in new[] { "401", "403", "429" }) Assert.True(responses.TryGetProperty(status, out _), status);
    }

    [Fact]
    public async Task The_rating_body_and_new_user_answer_have_examples()
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var schemas = doc.GetProperty("components").GetProperty("schemas");

        Assert.Equal(4, schemas.GetProperty("RatingRequest").GetProperty("example").GetProperty("rating").GetInt32());
        Assert.True(schemas.GetProperty("NewUserResponse").GetProperty("example").TryGetProperty("token", out _));
        Assert.True(doc.GetProperty("paths").GetProperty("/users").GetProperty("post").GetProperty("responses").TryGetProperty("201", out _));
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
    public async Task The_root_serves_the_web_page_and_swagger_stays_at_swagger()
    {
        using var client = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>HybridRecommender", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/swagger/index.html")).StatusCode);
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/js/app.js", "text/javascript")]
    [InlineData("/css/site.css", "text/css")]
    public async Task The_page_files_answer_HEAD_without_a_body(string url, string mediaType)
    {
        using var head = new HttpRequestMessage(HttpMethod.Head, url);
        var response = await fixture.Client.SendAsync(head);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/js/missing.js")]
    [InlineData("/index.htm")]
    public async Task A_missing_page_file_is_a_problem_json_404(string url)
    {
        var problem = await ProblemAssertions.AssertProblemAsync(await fixture.Client.GetAsync(url), HttpStatusCode.NotFound);

        Assert.Contains($"No endpoint at '{url}'", ProblemAssertions.Text(problem), StringComparison.Ordinal);
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
    public async Task Every_property_of_every_schema_has_a_description()
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var undocumented = doc.GetProperty("components").GetProperty("schemas").EnumerateObject()
            .Where(s => s.Value.TryGetProperty("properties", out _))
            .SelectMany(s => s.Value.GetProperty("properties").EnumerateObject()
                .Where(p => !p.Value.TryGetProperty("description", out var d) || string.IsNullOrWhiteSpace(d.GetString()))
                .Select(p => $"{s.Name}.{p.Name}"))
            .ToList();

        Assert.Empty(undocumented);
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
