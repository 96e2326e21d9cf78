using System.Net;

namespace HybridRecommender.Tests.Api;

/// <summary>What the hostile-request sweep found (issue 11): lenient ids, empty user=, repeated and unknown parameters, 405 Allow.</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class ReadSideTighteningTests(TrainedBundleFixture fixture)
{
    [Theory]
    [InlineData("/users/1%0A", "'id' must be a whole number, written with digits only")]
    [InlineData("/users/%201", "'id' must be a whole number, written with digits only")]
    [InlineData("/movies/1000%09", "'id' must be a whole number, written with digits only")]
    [InlineData("/recommend?user=1%00", "'user' must be a whole number")]
    [InlineData("/predict?user=%2B1&movie=1000", "'user' must be a whole number, written with digits only")]
    [InlineData("/recommend?user=1&count=%2B100", "'count' must be a whole number from 1 to 100, written with digits only")]
    [InlineData("/movies?page=%201", "'page' must be a whole number from 1")]
    public async Task Ids_and_numbers_are_strict_whole_numbers(string url, string expected)
    {
        var problem = await ProblemAssertions.AssertProblemAsync(await fixture.Client.GetAsync(url), HttpStatusCode.BadRequest);

        Assert.Contains(expected, ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/recommend?user=")]
    [InlineData("/recommend?user=%20")]
    [InlineData("/recommend?genres=Comedy&user=")]
    public async Task An_empty_user_is_a_400_that_says_to_omit_it(string url)
    {
        var problem = await ProblemAssertions.AssertProblemAsync(await fixture.Client.GetAsync(url), HttpStatusCode.BadRequest);

        Assert.Contains("Omit the parameter for popular picks", ProblemAssertions.Text(problem), StringComparison.Ordinal);
        Assert.Equal("user", problem.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("/recommend?user=1&user=2", "user", "'1', '2'")]
    [InlineData("/movies?q=star&q=wars", "q", "'star', 'wars'")]
    [InlineData("/predict?user=1&movie=1000&movie=1003", "movie", "given 2 times")]
    [InlineData("/top?count=5&COUNT=6", "count", "given 2 times")]
    public async Task A_repeated_parameter_is_a_400_naming_it(string url, string name, string expected)
    {
        var problem = await ProblemAssertions.AssertProblemAsync(await fixture.Client.GetAsync(url), HttpStatusCode.BadRequest);

        Assert.Equal($"Repeated parameter '{name}'", problem.GetProperty("title").GetString());
        Assert.Contains(expected, ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Genres_may_still_repeat()
    {
        var response = await fixture.Client.GetAsync("/recommend?user=1&genres=Comedy&genres=Drama");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/movies?genre=NoSuchGenre", "genre", "q, genres, match, page, pageSize")]
    [InlineData("/recommend?usr=1", "usr", "user, genres, match, count, minVotes")]
    [InlineData("/movies/1000?verbose=1", "verbose", "takes no query parameters")]
    [InlineData("/health?x", "x", "takes no query parameters")]
    public async Task Unknown_query_parameters_are_a_400_listing_the_valid_ones(string url, string name, string expected)
    {
        var problem = await ProblemAssertions.AssertProblemAsync(await fixture.Client.GetAsync(url), HttpStatusCode.BadRequest);

        Assert.Contains($"Unknown query parameter '{name}'", ProblemAssertions.Text(problem), StringComparison.Ordinal);
        Assert.Contains(expected, ProblemAssertions.Text(problem), StringComparison.Ordinal);
        Assert.Equal(name, problem.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("POST", "/recommend", "GET, HEAD")]
    [InlineData("DELETE", "/movies/1000/similar", "GET, HEAD")]
    [InlineData("PUT", "/health", "GET, HEAD")]
    [InlineData("GET", "/users/1/ratings/1000", "DELETE, PUT")]
    public async Task The_405_Allow_header_lists_HEAD_wherever_GET_is_served(string method, string url, string allow)
    {
        var response = await fixture.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        Assert.Contains($"it answers {allow}", ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }
}
