using System.Net;
using System.Text.Json;

namespace HybridRecommender.Tests.Api;

/// <summary>Checks that a response is an RFC 7807 problem with the given status.</summary>
public static class ProblemAssertions
{
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        return json;
    }

    /// <summary>Title and detail together, for checking that the problem says what was wrong.</summary>
    public static string Text(JsonElement problem) =>
        problem.GetProperty("title").GetString() + " " + (problem.TryGetProperty("detail", out var d) ? d.GetString() : "");
}
