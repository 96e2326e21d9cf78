using System.Net;

namespace HybridRecommender.Tests.Api;

/// <summary>Every client error is problem+json with the fitting status and a message naming what was wrong.</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class ErrorResponseTests(TrainedBundleFixture fixture)
{
    [Theory]
    [InlineData("/recommend?user=abc", HttpStatusCode.BadRequest, "'user' must be a whole number")]
    [InlineData("/recommend?user=1.5", HttpStatusCode.BadRequest, "'user' must be a whole number")]
    [InlineData("/recommend?user=99999999999999999999", HttpStatusCode.BadRequest, "'user' is a whole number too large for an id")]
    [InlineData("/movies/2147483648", HttpStatusCode.BadRequest, "'id' is a whole number too large for an id")]
    [InlineData("/recommend?genres=Comedy|Drama", HttpStatusCode.BadRequest, "Separate genres with commas")]
    [InlineData("/recommend?user=-5", HttpStatusCode.Unauthorized, "Omit 'user' for popular picks")]        // not a MovieLens user: private unless unknown, and only a token tells
    [InlineData("/recommend?user=2147483647", HttpStatusCode.Unauthorized, "User 2147483647 is not a MovieLens user")]
    [InlineData("/recommend?user=1&genres=Western", HttpStatusCode.BadRequest, "Valid genres (any case): Action, Comedy, Drama, Horror, Romance, Sci-Fi")]
    [InlineData("/recommend?genres=Comedy,,Nope", HttpStatusCode.BadRequest, "'Nope' is not a genre")]
    [InlineData("/recommend?user=1&count=0", HttpStatusCode.BadRequest, "from 1 to 100")]
    [InlineData("/recommend?user=1&count=101", HttpStatusCode.BadRequest, "from 1 to 100")]
    [InlineData("/recommend?count=x", HttpStatusCode.BadRequest, "'count' must be a whole number from 1 to 100; got 'x'")]
    [InlineData("/recommend?count=-2147483649", HttpStatusCode.BadRequest, "from 1 to 100")]
    [InlineData("/recommend?user=1&match=some", HttpStatusCode.BadRequest, "'match' must be 'any' or 'all'")]
    [InlineData("/recommend?minVotes=-1", HttpStatusCode.BadRequest, "'minVotes' must be a whole number from 0 to 1000000")]
    [InlineData("/recommend?user=1&minVotes=many", HttpStatusCode.BadRequest, "'minVotes' must be a whole number from 0 to 1000000")]
    [InlineData("/predict?user=1", HttpStatusCode.BadRequest, "'movie' is required")]
    [InlineData("/predict?movie=1000", HttpStatusCode.BadRequest, "'user' is required")]
    [InlineData("/predict?user=x&movie=1000", HttpStatusCode.BadRequest, "'user' must be a whole number")]
    [InlineData("/predict?user=1&movie=2", HttpStatusCode.NotFound, "Movie 2 is not in the catalogue")]
    [InlineData("/predict?user=0&movie=1000", HttpStatusCode.Unauthorized, "User 0 is not a MovieLens user")]
    [InlineData("/movies/abc", HttpStatusCode.BadRequest, "'id' must be a whole number")]
    [InlineData("/movies/5", HttpStatusCode.NotFound, "Movie 5 is not in the catalogue")]
    [InlineData("/movies/-1000", HttpStatusCode.NotFound, "Movie -1000 is not in the catalogue")]
    [InlineData("/movies/5/similar", HttpStatusCode.NotFound, "Movie 5 is not in the catalogue")]
    [InlineData("/movies/1000/similar?count=0", HttpStatusCode.BadRequest, "from 1 to 100")]
    [InlineData("/movies?page=0", HttpStatusCode.BadRequest, "'page' must be a whole number from 1")]
    [InlineData("/movies?pageSize=1000", HttpStatusCode.BadRequest, "'pageSize' must be a whole number from 1 to 100")]
    [InlineData("/movies?genres=sci", HttpStatusCode.BadRequest, "'sci' is not a genre")]
    [InlineData("/top?count=abc", HttpStatusCode.BadRequest, "'count' must be a whole number")]
    [InlineData("/top?genres=Horror&match=none", HttpStatusCode.BadRequest, "'match' must be 'any' or 'all'")]
    [InlineData("/users/abc", HttpStatusCode.BadRequest, "'id' must be a whole number")]
    [InlineData("/users/100000", HttpStatusCode.Unauthorized, "User 100000 is not a MovieLens user")]
    [InlineData("/plots/mae.svg", HttpStatusCode.NotFound, "mae.svg is not in")]
    [InlineData("/plots/variety.svg", HttpStatusCode.NotFound, "evaluate writes it")]
    [InlineData("/recommend?user=1&diversity=1.5", HttpStatusCode.BadRequest, "'diversity' must be a number from 0 to 1")]
    [InlineData("/no/such/route", HttpStatusCode.NotFound, "No endpoint at '/no/such/route'")]
    public async Task Client_errors_are_problem_json(string url, HttpStatusCode status, string expected)
    {
        var problem = await ProblemAssertions.AssertProblemAsync(await fixture.Client.GetAsync(url), status);

        Assert.Contains(expected, ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_genre_problem_lists_the_valid_genres_as_data()
    {
        var problem = await ProblemAssertions.AssertProblemAsync(await fixture.Client.GetAsync("/top?genres=Western"), HttpStatusCode.BadRequest);

        Assert.Equal("genres", problem.GetProperty("parameter").GetString());
        Assert.Equal(6, problem.GetProperty("validGenres").GetArrayLength());
    }

    [Fact]
    public async Task Wrong_method_is_problem_json()
    {
        await ProblemAssertions.AssertProblemAsync(await fixture.Client.PostAsync("/recommend?user=1", null), HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("GET", "/no/such/route", "text/plain", HttpStatusCode.NotFound, "No endpoint at '/no/such/route'")]
    [InlineData("GET", "/no/such/route", "text/html", HttpStatusCode.NotFound, "listed at /swagger")]
    [InlineData("DELETE", "/movies/1000/similar", "application/xml", HttpStatusCode.MethodNotAllowed, "does not answer DELETE; it answers GET")]
    [InlineData("POST", "/recommend", "image/svg+xml", HttpStatusCode.MethodNotAllowed, "does not answer POST")]
    public async Task Framework_errors_are_problem_json_whatever_the_Accept_header(string method, string url, string accept, HttpStatusCode status, string expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Accept.ParseAdd(accept);

        var problem = await ProblemAssertions.AssertProblemAsync(await fixture.Client.SendAsync(request), status);

        Assert.Contains(expected, ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/recommend?user=1")]
    [InlineData("/movies/1000")]
    public async Task HEAD_is_answered_like_GET(string url)
    {
        using var head = new HttpRequestMessage(HttpMethod.Head, url);
        var response = await fixture.Client.SendAsync(head);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/predict?user=0&movie=1000")]
    [InlineData("/users/100000")]
    public async Task Unknown_user_hint_fits_the_endpoint(string url)
    {
        // With the admin key an unknown id is a 404 (without credentials it is the same 401 as any private user).
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + TrainedBundleFixture.AdminKey);
        var problem = await ProblemAssertions.AssertProblemAsync(await fixture.Client.SendAsync(request), HttpStatusCode.NotFound);
        var text = ProblemAssertions.Text(problem);

        // /predict needs a user and /users/{id} has no 'user' parameter: "omit 'user'" would be advice the client cannot take.
        Assert.DoesNotContain("Omit 'user'", text, StringComparison.Ordinal);
        Assert.Contains("ids between 1 and", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_bad_value_is_not_echoed_in_full()
    {
        var value = new string('x', 5000);
        var problem = await ProblemAssertions.AssertProblemAsync(await fixture.Client.GetAsync($"/recommend?user={value}"), HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString()!;

        Assert.Contains("(5000 characters)", detail, StringComparison.Ordinal);
        Assert.True(detail.Length < 400, $"detail is {detail.Length} characters");
    }

    [Theory]
    [InlineData("/recommend?genres=")]
    [InlineData("/recommend?genres=,")]
    [InlineData("/recommend?user=1&genres=,&genres=")]
    [InlineData("/recommend?minVotes=1000000")]
    [InlineData("/top?minVotes=0&count=100")]
    [InlineData("/movies?page=2147483647&pageSize=100")]
    [InlineData("/movies?q=%00%FF")]
    [InlineData("/movies?q=&genres=,")]
    [InlineData("/movies/1000/similar?count=100")]
    public async Task Odd_but_valid_requests_succeed(string url)
    {
        var response = await fixture.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}
