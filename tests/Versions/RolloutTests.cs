using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HybridRecommender.Api.Contracts;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Training;
using HybridRecommender.Core.Versions;
using HybridRecommender.Tests.Feedback;
using HybridRecommender.Tests.Support;
using HybridRecommender.Training.Retraining;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit.Abstractions;

namespace HybridRecommender.Tests.Versions;

/// <summary>
/// The loop end to end on PostgreSQL with two API replicas: a user created and rated through one replica becomes a trained row of
/// the version the worker publishes, both replicas serve it within 10 s; a corrupt version is refused by both while they keep
/// serving; rollback past the first version returns both to Model:Path; /metrics carries the version.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed partial class RolloutTests(ITestOutputHelper output) : IAsyncDisposable
{
    private const string AdminKey = "test-admin-key-0123456789abcdef";
    private static readonly TimeSpan RolloutBar = TimeSpan.FromSeconds(10);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hr-rollout-" + Guid.NewGuid().ToString("N"));
    private readonly TestStores _stores = new(TestStores.Postgres);
    private readonly List<WebApplicationFactory<Program>> _replicas = [];

    private HttpClient StartReplica(string modelPath, string name)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Model:Path", modelPath)
            .UseSetting("Model:VersionPollSeconds", "0.5")
            .UseSetting("Model:VersionCache", Path.Combine(_root, "cache-" + name))
            .UseSetting("Feedback:ConnectionString", _stores.Target)
            .UseSetting("Feedback:AdminKey", AdminKey));
        _replicas.Add(factory);
        return factory.CreateClient();
    }

    [Theory]
    [PostgresStore]
    public async Task Two_replicas_take_a_new_version_within_seconds_refuse_a_corrupt_one_and_follow_a_rollback(string kind)
    {
        Assert.Equal(TestStores.Postgres, kind);
        var data = SyntheticDataset.Create(users: 120, movies: 80, ratingsPerUser: 30, seed: 7);
        var baseline = Path.Combine(_root, "model");
        TrainingPipeline.Run(data, QualityGateTests.Recipe with { Epochs = 2 }, QualityGateTests.Fingerprint).Bundle.Save(baseline);
        var a = StartReplica(baseline, "a");
        var b = StartReplica(baseline, "b");

        // A user created through replica a rates 20 movies.
        var created = (await (await a.PostAsync("/users", null)).Content.ReadFromJsonAsync<NewUserResponse>())!;
        foreach (var movie in data.MovieIds.Ids.Take(20).Select((id, i) => (id, i)))
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, $"/users/{created.Id}/ratings/{movie.id}")
            {
                Content = new StringContent($"{{\"rating\": {1 + movie.i % 5}}}", Encoding.UTF8, "application/json"),
            };
            put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", created.Token);
            Assert.Equal(HttpStatusCode.OK, (await a.SendAsync(put)).StatusCode);
        }
        Assert.False((await UserAsync(b, created)).GetProperty("trained").GetBoolean());

        // One worker run with a tiny recipe. The gate is opened wide: this test is about the rollout (QualityGateTests judges the gate).
        await using var store = ModelVersionStore.Open(_stores.Target);
        var settings = new RetrainSettings(_stores.Target, QualityGateTests.Recipe with { Epochs = 1 }, baseline, "worker") { RmseTolerance = 10, NdcgTolerance = 1 };
        var run = await RetrainTick.RunAsync(data, QualityGateTests.Fingerprint, settings, store, "test-worker", _ => { }, default);
        Assert.Equal(RetrainOutcomes.Promoted, run.Outcome);
        var published = Stopwatch.StartNew();
        await Task.WhenAll(WaitForVersionAsync(a, run.Version), WaitForVersionAsync(b, run.Version));
        output.WriteLine($"both replicas served v{run.Version} {published.Elapsed.TotalSeconds:F1} s after the publish");
        Assert.True(published.Elapsed < RolloutBar, $"both replicas served v{run.Version} after {published.Elapsed.TotalSeconds:F1} s");
        foreach (var replica in new[] { a, b })
        {
            Assert.True((await UserAsync(replica, created)).GetProperty("trained").GetBoolean()); // an ordinary trained row now
            var model = await replica.GetFromJsonAsync<JsonElement>("/model");
            Assert.Equal(20, model.GetProperty("versionInfo").GetProperty("data").GetProperty("feedbackRatings").GetInt32());
            Assert.Equal(121, model.GetProperty("architecture").GetProperty("users").GetInt32());
        }

        // A corrupt candidate made current: every replica refuses it and keeps serving the version it has.
        var corrupt = CorruptArchive(Path.Combine(_root, "cache-a", $"v{run.Version}-{(await store.CurrentAsync())!.Sha256![..16]}"));
        Assert.Null(await store.TryAcquireLeaseAsync("test-publisher", TimeSpan.FromMinutes(1)));
        var bad = await store.PublishAsync("test-publisher", corrupt, (await store.FindAsync(run.Version!.Value))!.Info, makeCurrent: true, DateTimeOffset.UtcNow);
        await store.ReleaseLeaseAsync("test-publisher");
        foreach (var replica in new[] { a, b })
        {
            var health = await WaitAsync(replica, "/health", h => h.TryGetProperty("refusedVersion", out _));
            Assert.StartsWith($"v{bad} refused", health.GetProperty("refusedVersion").GetString(), StringComparison.Ordinal);
            Assert.Equal(run.Version, health.GetProperty("modelVersion").GetInt32());
            using var recommend = new HttpRequestMessage(HttpMethod.Get, $"/recommend?user={created.Id}");
            recommend.Headers.Authorization = new AuthenticationHeaderValue("Bearer", created.Token);
            Assert.Equal(HttpStatusCode.OK, (await replica.SendAsync(recommend)).StatusCode);
        }

        // /metrics: Prometheus text, with the served version, the refusal and per-route request latencies.
        var metrics = await a.GetStringAsync("/metrics");
        var samples = ParsePrometheus(metrics);
        // Both in-process replicas' instruments share the process's meter name, so counts may be the two replicas' sum (one process per replica in production).
        Assert.All(samples.Where(s => s.Name == "hr_model_version"), s => Assert.Equal(run.Version, (int)s.Value));
        Assert.Contains(samples, s => s.Name == "hr_model_refusals_total" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_count" && s.Labels.Contains("http_route=\"/recommend\"", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Name == "hr_fold_ins_total" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "hr_retrain_age_seconds" && s.Labels.Contains("outcome=\"promoted\"", StringComparison.Ordinal));

        // Rollback: past v2 (refused here) to v1, then past v1 to the folder every replica was started with.
        Assert.Equal(run.Version, await store.RollbackAsync());
        Assert.Null(await store.RollbackAsync());
        await Task.WhenAll(WaitForVersionAsync(a, null), WaitForVersionAsync(b, null));
        Assert.False((await UserAsync(a, created)).GetProperty("trained").GetBoolean());
    }

    private static async Task<JsonElement> UserAsync(HttpClient client, NewUserResponse user)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/users/{user.Id}");
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        var response = await client.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task WaitForVersionAsync(HttpClient client, int? version) =>
        WaitAsync(client, "/model", m => (m.TryGetProperty("version", out var v) ? v.GetInt32() : (int?)null) == version);

    private static async Task<JsonElement> WaitAsync(HttpClient client, string path, Func<JsonElement, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await client.GetFromJsonAsync<JsonElement>(path);
            if (done(answer)) return answer;
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
                Assert.Fail($"{path} did not change within 30 s; /health: {await client.GetStringAsync("/health")}");
            await Task.Delay(100);
        }
    }

    // The served bundle with its weights cut in half: the archive itself is sound (its hash is recorded), the bundle is not.
    private static byte[] CorruptArchive(string bundleFolder)
    {
        var copy = bundleFolder + "-corrupt";
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(bundleFolder)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var weights = Path.Combine(copy, ModelBundle.WeightsFile);
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
        return ModelBundleArchive.Pack(copy);
    }

    private sealed record Sample(string Name, string Labels, double Value);

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\]|\\.)*"",?)*\})? (\S+)( -?\d+)?$")]
    private static partial Regex SampleLine();

    // The text exposition format: # HELP / # TYPE comments, then one sample per line: name{labels} value [timestamp].
    private static List<Sample> ParsePrometheus(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal) || line == "# EOF") continue;
            var m = SampleLine().Match(line);
            Assert.True(m.Success, $"not a Prometheus sample line: {line}");
            var value = m.Groups[3].Value switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, "NaN" => double.NaN, var v => double.Parse(v, CultureInfo.InvariantCulture) };
            samples.Add(new Sample(m.Groups[1].Value, m.Groups[2].Value, value));
        }
        Assert.NotEmpty(samples);
        return samples;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas) await replica.DisposeAsync();
        await _stores.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { /* temp */ }
    }
}
