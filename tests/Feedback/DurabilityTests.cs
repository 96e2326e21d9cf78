using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HybridRecommender.Tests.Api;

namespace HybridRecommender.Tests.Feedback;

/// <summary>
/// The small CI version of bench/feedback.sh's durability run: the real API process on loopback,
/// concurrent writers, kill -9 mid-stream, restart on the same database; every acknowledged write
/// must be there, and nothing that was never sent.
/// </summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class DurabilityTests(TrainedBundleFixture fixture)
{
    [Theory, SqliteStore, PostgresStore]
    public async Task Every_acknowledged_write_survives_kill_9(string kind)
    {
        var dll = ApiDll();
        Assert.True(File.Exists(dll), $"{dll} is not built (dotnet build the solution first)");
        await using var db = new TestStores(kind);
        const int writers = 4, perWriter = 60;
        var port = FreePort();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var api = Start(dll, db, port);
        var users = new List<(int Id, string Token)>();
        var movies = fixture.Bundle.Movies.Select(m => m.Id).Take(perWriter).ToArray();
        var acked = new List<(int, int, int)>[writers];
        var inFlight = new (int, int, int)?[writers];
        try
        {
            await WaitReadyAsync(http);
            for (var w = 0; w < writers; w++)
            {
                var json = await (await http.PostAsync("/users", null)).Content.ReadFromJsonAsync<JsonElement>();
                users.Add((json.GetProperty("id").GetInt32(), json.GetProperty("token").GetString()!));
            }
            var total = 0;
            var half = new TaskCompletionSource();
            var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                acked[w] = [];
                using var client = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
                for (var i = 0; i < perWriter; i++)
                {
                    var write = (users[w].Id, movies[i], (w + i) % 5 + 1);
                    inFlight[w] = write;
                    using var request = new HttpRequestMessage(HttpMethod.Put, $"/users/{write.Item1}/ratings/{write.Item2}")
                    {
                        Content = new StringContent($"{{\"rating\":{write.Item3}}}", Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", users[w].Token);
                    try
                    {
                        using var response = await client.SendAsync(request);
                        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
                    }
                    catch (HttpRequestException) { return; }
                    inFlight[w] = null;
                    acked[w].Add(write);
                    if (Interlocked.Increment(ref total) == writers * perWriter / 2) half.TrySetResult();
                }
            })).ToArray();
            await Task.WhenAny(half.Task, Task.WhenAll(tasks));
            api.Kill(entireProcessTree: true);
            await Task.WhenAll(tasks);
            await api.WaitForExitAsync();

            api = Start(dll, db, port);
            await WaitReadyAsync(http);
            var present = new HashSet<(int, int, int)>();
            foreach (var (id, token) in users)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/users/{id}/ratings");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var json = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
                foreach (var r in json.GetProperty("ratings").EnumerateArray())
                    present.Add((id, r.GetProperty("movieId").GetInt32(), (int)r.GetProperty("rating").GetSingle()));
            }
            var all = acked.SelectMany(a => a).ToList();
            Assert.InRange(all.Count, writers * perWriter / 2, writers * perWriter - 1); // killed mid-stream, not after
            Assert.DoesNotContain(all, a => !present.Contains(a));
            var unknown = inFlight.Where(x => x is not null).Select(x => x!.Value).ToHashSet();
            Assert.DoesNotContain(present, p => !all.Contains(p) && !unknown.Contains(p));
        }
        finally
        {
            if (!api.HasExited) api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
            http.Dispose();
        }
    }

    private Process Start(string dll, TestStores db, int port)
    {
        var info = new ProcessStartInfo("dotnet", [dll]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["Model__Path"] = fixture.ModelPath;
        info.Environment["Model__PlotsPath"] = fixture.PlotsPath;
        info.Environment["Feedback__RateLimit__Writes"] = "1000000";
        info.Environment["Feedback__RateLimit__CreateUsers"] = "1000000";
        if (db.Kind == TestStores.Sqlite) info.Environment["Feedback__Folder"] = Path.GetDirectoryName(db.Target)!;
        else info.Environment["Feedback__ConnectionString"] = db.Target;
        var p = Process.Start(info)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static async Task WaitReadyAsync(HttpClient http)
    {
        for (var i = 0; i < 300; i++)
        {
            try { if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return; }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("the API did not become ready in 30 s");
    }

    // The API built with the solution, in this test assembly's configuration.
    private static string ApiDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory); // tests/bin/<Configuration>/<tfm>/
        var configuration = testBin.Parent!.Name;
        var tfm = testBin.Name;
        var root = HybridRecommender.Api.Serving.RepositoryPath.FindRepositoryRoot(AppContext.BaseDirectory)!;
        return Path.Combine(root, "src", "HybridRecommender.Api", "bin", configuration, tfm, "HybridRecommender.Api.dll");
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
