using System.Net;
using System.Text;
using static HybridRecommender.Tests.Api.PrivacyTestHost;

namespace HybridRecommender.Tests.Api;

/// <summary>PUT /users/{id}/ratings/{movieId} bodies: bad UTF-8 and duplicate keys → 400 saying so; no or wrong Content-Type → 415; too big → 413. All problem+json.</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class RequestBodyTests(TrainedBundleFixture fixture)
{
    public static TheoryData<string> MalformedUtf8 => new()
    {
        "7B 22 72 61 74 69 6E 67 22 3A 35 2C 22 FF FE 22 3A 31 7D", // {"rating":5,"\xff\xfe":1} — the example
        "7B 22 72 61 74 69 6E 67 22 3A 22 FF 22 7D",                // {"rating":"\xff"}
        "7B 22 C3 22 3A 35 7D",                                     // a truncated two-byte sequence in a key
        "7B 22 72 61 74 69 6E 67 22 3A 35 2C 22 C0 AF 22 3A 31 7D", // an overlong '/'
        "7B 22 72 61 74 69 6E 67 22 3A 35 2C 22 ED A0 80 22 3A 31 7D", // an encoded surrogate
        "7B 22 72 61 74 69 6E 67 22 3A 35 7D 80",                   // a lone continuation byte after the object
    };

    [Theory, MemberData(nameof(MalformedUtf8))]
    public async Task Malformed_UTF8_is_a_400_that_says_so(string hex)
    {
        var (id, token) = await CreateUserAsync(fixture.Client);

        var response = await PutBytesAsync(id, token, Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), "application/json");

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("UTF-8", ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"rating\": 4, \"rating\": 5}", "rating")]
    [InlineData("{\"rating\": 4, \"x\": {\"a\": 1, \"a\": 2}}", "a")]
    public async Task A_duplicate_key_is_a_400_that_names_it(string body, string name)
    {
        var (id, token) = await CreateUserAsync(fixture.Client);

        var response = await SendAsync(fixture.Client, HttpMethod.Put, $"/users/{id}/ratings/1000", token, body);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Duplicate", ProblemAssertions.Text(problem), StringComparison.Ordinal);
        Assert.Contains($"'{name}' more than once", ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "No Content-Type")]
    [InlineData("text/plain", "takes a JSON body")]                         // refused by routing's content-type check (FrameworkProblems)
    [InlineData("application/x-www-form-urlencoded", "takes a JSON body")]
    [InlineData("application/json; charset=utf-16", "is not accepted")]
    public async Task A_missing_or_wrong_Content_Type_is_415(string? contentType, string expected)
    {
        var (id, token) = await CreateUserAsync(fixture.Client);

        var response = await SendAsync(fixture.Client, HttpMethod.Put, $"/users/{id}/ratings/1000", token, "{\"rating\": 4}", contentType);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains(expected, ProblemAssertions.Text(problem), StringComparison.Ordinal);
        Assert.Contains("application/json", ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/merge-patch+json")]
    public async Task JSON_in_UTF8_is_accepted(string contentType)
    {
        var (id, token) = await CreateUserAsync(fixture.Client);

        var response = await SendAsync(fixture.Client, HttpMethod.Put, $"/users/{id}/ratings/1000", token, "{\"rating\": 4}", contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(true)]   // Content-Length announces it
    [InlineData(false)]  // chunked: found while reading
    public async Task A_body_over_the_limit_is_413(bool withLength)
    {
        var (id, token) = await CreateUserAsync(fixture.Client);
        var big = Encoding.UTF8.GetBytes("{\"rating\": 4, \"pad\": \"" + new string('x', 10 * 1024 * 1024) + "\"}");

        var response = await PutBytesAsync(id, token, big, "application/json", withLength);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1024 bytes", ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PutBytesAsync(int id, string token, byte[] body, string contentType, bool withLength = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/users/{id}/ratings/1000");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        request.Content = withLength ? new ByteArrayContent(body) : new StreamContent(new UnknownLengthStream(body));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return await fixture.Client.SendAsync(request);
    }

    // A stream that does not tell its length, so the client sends no Content-Length.
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
