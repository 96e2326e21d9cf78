using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HybridRecommender.Tests.Feedback;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HybridRecommender.Tests.Api;

/// <summary>A host on the trained test bundle with its own feedback database and settings, and the calls the privacy tests make.</summary>
internal static class PrivacyTestHost
{
    public static WebApplicationFactory<Program> Create(TrainedBundleFixture fixture, TestStores? store = null,
        IReadOnlyDictionary<string, string>? settings = null, Action<IWebHostBuilder>? configure = null)
    {
        var folder = Path.Combine(fixture.Root, "feedback-" + Guid.NewGuid().ToString("N"));
        return new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Model:Path", fixture.ModelPath)
                .UseSetting("Model:PlotsPath", fixture.PlotsPath)
                .UseSetting("Feedback:Folder", folder)
                .UseSetting("Feedback:AdminKey", TrainedBundleFixture.AdminKey)
                .UseSetting("Feedback:RateLimit:Writes", "100000")
                .UseSetting("Feedback:RateLimit:CreateUsers", "100000")
                .UseSetting("Feedback:RateLimit:AuthFailures", "100000")
                .UseSetting("Feedback:RateLimit:AuthFailuresPerUser", "100000");
            if (store is not null)
            {
                if (store.Kind == TestStores.Sqlite) b.UseSetting("Feedback:Folder", Path.GetDirectoryName(store.Target));
                else b.UseSetting("Feedback:ConnectionString", store.Target);
            }
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) b.UseSetting(key, value);
            configure?.Invoke(b);
        });
    }

    public static async Task<(int Id, string Token)> CreateUserAsync(HttpClient client)
    {
        var response = await client.PostAsync("/users", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("id").GetInt32(), json.GetProperty("token").GetString()!);
    }

    public static async Task RateAsync(HttpClient client, int id, string token, int movie, int stars)
    {
        var response = await SendAsync(client, HttpMethod.Put, $"/users/{id}/ratings/{movie}", token, $"{{\"rating\": {stars}}}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? token,
        string? body = null, string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return await client.SendAsync(request);
    }
}
