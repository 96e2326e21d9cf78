using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using HybridRecommender.Core.Data;

namespace HybridRecommender.Tests.Data;

/// <summary>The downloader against a real HTTP server on loopback, serving a small zip built here.</summary>
public class MovieLensDownloaderTests
{
    private static readonly byte[] GoodZip = BuildZip(withData: true);

    private static byte[] BuildZip(bool withData)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("ml-1m/");
            void Add(string name, string text, Encoding encoding)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), encoding);
                writer.Write(text);
            }
            Add("ml-1m/README", "SUMMARY\n", Encoding.ASCII);
            if (withData)
            {
                Add("ml-1m/movies.dat", SampleData.MoviesDat, Encoding.Latin1);
                Add("ml-1m/users.dat", SampleData.UsersDat, Encoding.Latin1);
                Add("ml-1m/ratings.dat", SampleData.RatingsDat, Encoding.Latin1);
            }
        }
        return memory.ToArray();
    }

    private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    private static LoopbackHttpServer Serving(byte[] body, long? declaredLength = null) =>
        new(path => path == "/ml-1m.zip"
            ? new LoopbackHttpServer.Reply(200, "OK", body, declaredLength)
            : new LoopbackHttpServer.Reply(404, "Not Found", Encoding.ASCII.GetBytes("not here")));

    /// <summary>Collects reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class ProgressLog : IProgress<DownloadProgress>
    {
        public List<DownloadProgress> Reports { get; } = new();
        public void Report(DownloadProgress value) { lock (Reports) Reports.Add(value); }
    }

    [Fact]
    public async Task Good_checksum_extracts_the_files_into_the_target()
    {
        using var parent = new TemporaryFolder();
        await using var server = Serving(GoodZip);
        using var http = new HttpClient();
        var target = Path.Combine(parent.Path, "ml-1m");
        var progress = new ProgressLog();

        await new MovieLensDownloader(http, server.Url("/ml-1m.zip"), Md5(GoodZip)).DownloadAsync(target, progress);

        Assert.Equal(["ml-1m"], parent.Entries());
        Assert.Equal(["README", "movies.dat", "ratings.dat", "users.dat"],
            Directory.GetFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(4, MovieLensReader.Load(target).Ratings.Count);
        Assert.Equal(new DownloadProgress(GoodZip.Length, GoodZip.Length), progress.Reports[^1]);
    }

    [Fact]
    public async Task Existing_target_without_data_keeps_its_files_and_gets_the_data()
    {
        using var parent = new TemporaryFolder();
        await using var server = Serving(GoodZip);
        using var http = new HttpClient();
        var target = Path.Combine(parent.Path, "ml-1m");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "README.md"), "ours");

        var downloaded = await new MovieLensDownloader(http, server.Url("/ml-1m.zip"), Md5(GoodZip)).EnsureAsync(target);

        Assert.True(downloaded);
        Assert.Equal(["ml-1m"], parent.Entries());
        Assert.Equal("ours", File.ReadAllText(Path.Combine(target, "README.md")));
        Assert.True(MovieLensDownloader.HasDataFiles(target));
    }

    [Fact]
    public async Task Ensure_does_not_download_when_the_files_are_there()
    {
        using var folder = SampleData.Ml1M();
        await using var server = Serving(GoodZip);
        using var http = new HttpClient();

        var downloaded = await new MovieLensDownloader(http, server.Url("/ml-1m.zip"), Md5(GoodZip)).EnsureAsync(folder.Path);

        Assert.False(downloaded);
        Assert.Equal(0, server.RequestCount);
    }

    [Fact]
    public async Task Bad_checksum_fails_and_leaves_nothing()
    {
        using var parent = new TemporaryFolder();
        await using var server = Serving(GoodZip);
        using var http = new HttpClient();
        var url = server.Url("/ml-1m.zip");
        var target = Path.Combine(parent.Path, "ml-1m");

        var e = await Assert.ThrowsAsync<DataDownloadException>(
            () => new MovieLensDownloader(http, url, MovieLensDownloader.DefaultMd5).DownloadAsync(target));

        Assert.Contains($"MD5 is {Md5(GoodZip)}, expected {MovieLensDownloader.DefaultMd5}", e.Message);
        AssertTellsHowToGetTheData(e, url, target);
        Assert.Equal(1, server.RequestCount);
        Assert.Empty(parent.Entries());
    }

    [Fact]
    public async Task Http_404_fails_and_leaves_nothing()
    {
        using var parent = new TemporaryFolder();
        await using var server = Serving(GoodZip);
        using var http = new HttpClient();
        var url = server.Url("/missing.zip");
        var target = Path.Combine(parent.Path, "ml-1m");

        var e = await Assert.ThrowsAsync<DataDownloadException>(
            () => new MovieLensDownloader(http, url, Md5(GoodZip)).DownloadAsync(target));

        Assert.Contains("404 Not Found", e.WhatHappened);
        AssertTellsHowToGetTheData(e, url, target);
        Assert.Empty(parent.Entries());
    }

    [Fact]
    public async Task Truncated_body_fails_and_leaves_nothing()
    {
        using var parent = new TemporaryFolder();
        var half = GoodZip[..(GoodZip.Length / 2)];
        await using var server = Serving(half, declaredLength: GoodZip.Length);
        using var http = new HttpClient();
        var target = Path.Combine(parent.Path, "ml-1m");

        var e = await Assert.ThrowsAsync<DataDownloadException>(
            () => new MovieLensDownloader(http, server.Url("/ml-1m.zip"), Md5(GoodZip)).DownloadAsync(target));

        Assert.Contains($"{half.Length:N0} of {GoodZip.Length:N0} bytes", e.WhatHappened);
        Assert.Empty(parent.Entries());
    }

    [Fact]
    public async Task Corrupt_zip_with_matching_checksum_fails_and_leaves_nothing()
    {
        using var parent = new TemporaryFolder();
        var garbage = Encoding.ASCII.GetBytes("this is not a zip file, although the checksum matches it");
        await using var server = Serving(garbage);
        using var http = new HttpClient();
        var target = Path.Combine(parent.Path, "ml-1m");

        var e = await Assert.ThrowsAsync<DataDownloadException>(
            () => new MovieLensDownloader(http, server.Url("/ml-1m.zip"), Md5(garbage)).DownloadAsync(target));

        Assert.Contains("cannot be extracted", e.WhatHappened);
        Assert.Empty(parent.Entries());
    }

    [Fact]
    public async Task Zip_without_the_data_files_fails_and_leaves_nothing()
    {
        using var parent = new TemporaryFolder();
        var readmeOnly = BuildZip(withData: false);
        await using var server = Serving(readmeOnly);
        using var http = new HttpClient();
        var target = Path.Combine(parent.Path, "ml-1m");

        var e = await Assert.ThrowsAsync<DataDownloadException>(
            () => new MovieLensDownloader(http, server.Url("/ml-1m.zip"), Md5(readmeOnly)).DownloadAsync(target));

        Assert.Contains("ml-1m/ratings.dat", e.WhatHappened);
        Assert.Empty(parent.Entries());
    }

    [Fact]
    public async Task Unreachable_server_fails_with_a_connection_error()
    {
        using var parent = new TemporaryFolder();
        // A loopback port that was just free and is closed again: the connection is refused.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var http = new HttpClient();
        var target = Path.Combine(parent.Path, "ml-1m");

        var e = await Assert.ThrowsAsync<DataDownloadException>(
            () => new MovieLensDownloader(http, new Uri($"http://127.0.0.1:{port}/ml-1m.zip"), Md5(GoodZip)).DownloadAsync(target));

        Assert.Contains("refused", e.WhatHappened);
        Assert.Empty(parent.Entries());
    }

    [Fact]
    public async Task Cancellation_throws_and_leaves_nothing()
    {
        using var parent = new TemporaryFolder();
        await using var server = Serving(GoodZip);
        using var http = new HttpClient();
        var target = Path.Combine(parent.Path, "ml-1m");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new MovieLensDownloader(http, server.Url("/ml-1m.zip"), Md5(GoodZip)).DownloadAsync(target, null, cancel.Token));

        Assert.Empty(parent.Entries());
    }

    [Fact]
    public void Defaults_are_the_official_file()
    {
        using var http = new HttpClient();
        var downloader = new MovieLensDownloader(http);

        Assert.Equal(new Uri("https://files.grouplens.org/datasets/movielens/ml-1m.zip"), downloader.Url);
        Assert.Equal("c4d9eecfca2ab87c1945afe126590906", downloader.ExpectedMd5);
    }

    private static void AssertTellsHowToGetTheData(DataDownloadException e, Uri url, string target)
    {
        Assert.Equal(url, e.Url);
        Assert.Equal(target, e.TargetDirectory);
        Assert.Contains($"Download it yourself from {url}", e.Message);
        Assert.Contains(Path.Combine(target, "ratings.dat"), e.Message);
        Assert.Contains("--data DIR", e.Message);
        Assert.Contains("ML1M_DIR", e.Message);
    }
}
