using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

// Usage (from the repository root; bench/feedback.sh drives it):
//   durability <api.dll> <model dir> <writers> <per-writer> [postgres connection string]
//   throughput <base url> <connections> <seconds>
//   latency    <base url> <requests>
//   contention <base url> <threads> <seconds>
// Every target is on loopback.
var mode = args.ElementAtOrDefault(0);
return mode switch
{
    "durability" => await Durability.RunAsync(args[1], args[2], int.Parse(args[3]), int.Parse(args[4]), args.ElementAtOrDefault(5)),
    "throughput" => await Throughput.RunAsync(new Uri(args[1]), int.Parse(args[2]), int.Parse(args[3])),
    "latency" => await Latency.RunAsync(new Uri(args[1]), int.Parse(args[2])),
    "contention" => await Contention.RunAsync(new Uri(args[1]), int.Parse(args[2]), int.Parse(args[3])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: durability <api.dll> <model dir> <writers> <per-writer> [pg] | throughput <url> <connections> <seconds> | latency <url> <requests> | contention <url> <threads> <seconds>");
    return 2;
}

static class Api
{
    public static async Task<(int Id, string Token)> CreateUserAsync(HttpClient http)
    {
        var response = await http.PostAsync("/users", null);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("id").GetInt32(), json.GetProperty("token").GetString()!);
    }

    public static async Task<int[]> MovieIdsAsync(HttpClient http, int count)
    {
        var ids = new List<int>();
        for (var page = 1; ids.Count < count; page++)
        {
            var json = await http.GetFromJsonAsync<JsonElement>($"/movies?pageSize=100&page={page}");
            var items = json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToArray();
            if (items.Length == 0) break;
            ids.AddRange(items);
        }
        return ids.Take(count).ToArray();
    }

    public static HttpRequestMessage Put(int user, int movie, int rating, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/users/{user}/ratings/{movie}")
        {
            Content = new StringContent($"{{\"rating\":{rating}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}

/// <summary>
/// Starts the API on a free loopback port with a fresh database, runs the writers, kill -9s the
/// API when half the writes are acknowledged, restarts it on the same database and checks: every
/// acknowledged (2xx) write is present with its value; anything else present is a write that was
/// in flight at the kill (sent, no answer) — never a write that was not sent.
/// </summary>
static class Durability
{
    public static async Task<int> RunAsync(string apiDll, string modelDir, int writers, int perWriter, string? postgres)
    {
        var folder = Path.Combine(Path.GetTempPath(), "hr-durability-" + Guid.NewGuid().ToString("N"));
        var port = FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}");
        var api = Start(apiDll, modelDir, folder, port, postgres);
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        int[] movies;
        var users = new List<(int Id, string Token)>();
        try
        {
            await WaitReadyAsync(http);
            movies = await Api.MovieIdsAsync(http, perWriter);
            for (var w = 0; w < writers; w++) users.Add(await Api.CreateUserAsync(http));
        }
        catch
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } // or it stays in /tmp
            throw;
        }

        var acked = new List<(int User, int Movie, int Rating)>[writers];
        var inFlight = new (int User, int Movie, int Rating)?[writers];
        var total = 0;
        var killAt = writers * perWriter / 2;
        var killed = new TaskCompletionSource();
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            acked[w] = [];
            using var client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
            var (id, token) = users[w];
            for (var i = 0; i < perWriter; i++)
            {
                var write = (id, movies[i], (w + i) % 5 + 1);
                inFlight[w] = write;
                try
                {
                    using var response = await client.SendAsync(Api.Put(write.Item1, write.Item2, write.Item3, token));
                    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"writer {w}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                catch (HttpRequestException) { return; } // the server died: this write's fate is unknown
                inFlight[w] = null;
                acked[w].Add(write);
                if (Interlocked.Increment(ref total) == killAt) killed.TrySetResult();
            }
        })).ToArray();
        await Task.WhenAny(killed.Task, Task.WhenAll(tasks));
        api.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
        var killedAfter = clock.Elapsed;
        await Task.WhenAll(tasks);
        await api.WaitForExitAsync();

        var ackedAll = acked.SelectMany(a => a).ToList();
        var unknown = inFlight.Where(x => x is not null).Select(x => x!.Value).ToHashSet();
        Console.WriteLine($"killed -9 after {killedAfter.TotalSeconds:F2} s: {ackedAll.Count} writes acknowledged, {unknown.Count} in flight");

        var restarted = Start(apiDll, modelDir, folder, port, postgres);
        try
        {
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
            var lost = ackedAll.Where(a => !present.Contains(a)).ToList();
            var extra = present.Where(p => !ackedAll.Contains(p)).ToList();
            var unexplained = extra.Where(e => !unknown.Contains(e)).ToList();
            Console.WriteLine($"after restart: {present.Count} present; acknowledged but missing: {lost.Count}; present but not acknowledged: {extra.Count} (in flight at the kill: {extra.Count - unexplained.Count}, never sent: {unexplained.Count})");
            var ok = lost.Count == 0 && unexplained.Count == 0;
            Console.WriteLine(ok ? "DURABILITY OK" : "DURABILITY FAILED");
            return ok ? 0 : 1;
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static Process Start(string apiDll, string modelDir, string folder, int port, string? postgres)
    {
        var info = new ProcessStartInfo("dotnet", [apiDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["Model__Path"] = modelDir;
        info.Environment["Feedback__Folder"] = folder;
        info.Environment["Feedback__RateLimit__Writes"] = "10000000";
        info.Environment["Feedback__RateLimit__CreateUsers"] = "10000000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        if (postgres is not null) info.Environment["Feedback__ConnectionString"] = postgres;
        var p = Process.Start(info)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("api: " + e.Data); };
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

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}

/// <summary>Rating writes per second: N connections, each its own user, PUT ratings as fast as answered, for T seconds.</summary>
static class Throughput
{
    public static async Task<int> RunAsync(Uri baseUri, int connections, int seconds)
    {
        using var setup = new HttpClient { BaseAddress = baseUri };
        var movies = await Api.MovieIdsAsync(setup, 1000);
        var users = new List<(int, string)>();
        for (var c = 0; c < connections; c++) users.Add(await Api.CreateUserAsync(setup));
        var stop = DateTime.UtcNow.AddSeconds(seconds);
        long ok = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(users.Select((u, c) => Task.Run(async () =>
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = baseUri };
            var i = 0;
            while (DateTime.UtcNow < stop)
            {
                using var response = await http.SendAsync(Api.Put(u.Item1, movies[i % movies.Length], (i + c) % 5 + 1, u.Item2));
                if (response.IsSuccessStatusCode) Interlocked.Increment(ref ok); else Interlocked.Increment(ref failed);
                i++;
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{connections} connections, {elapsed:F1} s: {ok} writes acknowledged, {failed} failed: {ok / elapsed:F0} writes/s");
        return failed == 0 ? 0 : 1;
    }
}

/// <summary>/recommend latency for a user folded in from 20 ratings, one connection, sequential requests.</summary>
static class Latency
{
    public static async Task<int> RunAsync(Uri baseUri, int requests)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = baseUri };
        var movies = await Api.MovieIdsAsync(http, 100);
        var (id, token) = await Api.CreateUserAsync(http);
        for (var i = 0; i < 20; i++)
            (await http.SendAsync(Api.Put(id, movies[i * 5], i % 5 + 1, token))).EnsureSuccessStatusCode();
        var url = $"/recommend?user={id}";
        // An API-created user's picks are private: the read carries their token (docs/PRIVACY.md).
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        for (var i = 0; i < 500; i++) await http.GetStringAsync(url); // warm-up (JIT, tiered compilation)
        var times = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await http.GetStringAsync(url);
            times[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"/recommend for user {id} (20 ratings, folded in), 1 connection, {requests} requests: p50 {times[requests / 2]:F3} ms, p90 {times[requests * 9 / 10]:F3} ms, p99 {times[requests * 99 / 100]:F3} ms");
        return 0;
    }
}

/// <summary>
/// PUT and DELETE of one (user, movie) from N threads for T seconds (issue 19's deadlock). Counts 2xx
/// and 5xx. Lost writes: each thread also PUTs its own witness movie of the same user (so it contends
/// on the same user row) and must find its last acknowledged value there at the end; the shared
/// movie must end in the state one thread's last acknowledged operation left.
/// </summary>
static class Contention
{
    public static async Task<int> RunAsync(Uri baseUri, int threads, int seconds)
    {
        using var setup = new HttpClient { BaseAddress = baseUri };
        var movies = await Api.MovieIdsAsync(setup, threads + 1);
        var (user, token) = await Api.CreateUserAsync(setup);
        var shared = movies[0];
        long ok = 0, server = 0, other = 0;
        var lastWitness = new int?[threads];
        var lastShared = new int?[threads]; // rating, or null after a DELETE
        var stop = DateTime.UtcNow.AddSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
            for (var i = 0; DateTime.UtcNow < stop; i++)
            {
                var rating = (t + i) % 5 + 1;
                HttpRequestMessage request;
                if (i % 2 == 0) request = Api.Put(user, shared, rating, token);
                else
                {
                    request = new HttpRequestMessage(HttpMethod.Delete, $"/users/{user}/ratings/{shared}");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }
                using (request)
                using (var response = await http.SendAsync(request))
                {
                    if (Count(response)) lastShared[t] = i % 2 == 0 ? rating : null;
                }
                using var witness = await http.SendAsync(Api.Put(user, movies[t + 1], rating, token));
                if (Count(witness)) lastWitness[t] = rating;
            }
        })));

        bool Count(HttpResponseMessage r)
        {
            var code = (int)r.StatusCode;
            if (code is >= 200 and < 300) { Interlocked.Increment(ref ok); return true; }
            if (code >= 500) Interlocked.Increment(ref server); else Interlocked.Increment(ref other);
            return false;
        }

        using var read = new HttpRequestMessage(HttpMethod.Get, $"/users/{user}/ratings");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var json = await (await setup.SendAsync(read)).Content.ReadFromJsonAsync<JsonElement>();
        var present = json.GetProperty("ratings").EnumerateArray().ToDictionary(r => r.GetProperty("movieId").GetInt32(), r => (int)r.GetProperty("rating").GetSingle());
        var lostWitness = Enumerable.Range(0, threads).Count(t => lastWitness[t] is { } v && (!present.TryGetValue(movies[t + 1], out var p) || p != v));
        int? finalShared = present.TryGetValue(shared, out var s) ? s : null;
        var sharedExplained = lastShared.Any(l => l == finalShared);
        Console.WriteLine($"contention: {threads} threads, {seconds} s, one user: {ok} × 2xx, {server} × 5xx, {other} × other; "
            + $"lost acknowledged writes: {lostWitness} of {threads} witnesses; shared key final state {(sharedExplained ? "matches a last acknowledged operation" : "MATCHES NONE")}");
        return server == 0 && lostWitness == 0 && sharedExplained ? 0 : 1;
    }
}
