using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace HybridRecommender.Core.Data;

/// <summary>
/// Downloads MovieLens 1M from GroupLens when it is not on disk: streams the zip to a temporary file
/// while hashing it, checks the MD5, extracts into a temporary folder next to the target and only then
/// moves the files into place, so an interrupted or failed download never leaves a folder that looks
/// like data.
/// </summary>
public sealed class MovieLensDownloader
{
    public const string DefaultUrl = "https://files.grouplens.org/datasets/movielens/ml-1m.zip";

    /// <summary>MD5 of the official ml-1m.zip.</summary>
    public const string DefaultMd5 = "c4d9eecfca2ab87c1945afe126590906";

    /// <summary>The folder inside the zip that holds the files.</summary>
    private const string ArchiveFolder = "ml-1m/";

    private static readonly string[] RequiredFiles = ["ratings.dat", "movies.dat", "users.dat"];

    private readonly HttpClient _http;

    /// <param name="httpClient">The client to download with (its timeout applies).</param>
    /// <param name="url">The zip's address; <see cref="DefaultUrl"/> when null.</param>
    /// <param name="expectedMd5">Hex MD5 of the zip; <see cref="DefaultMd5"/> when null.</param>
    public MovieLensDownloader(HttpClient httpClient, Uri? url = null, string? expectedMd5 = null)
    {
        _http = httpClient;
        Url = url ?? new Uri(DefaultUrl);
        ExpectedMd5 = (expectedMd5 ?? DefaultMd5).Trim().ToLowerInvariant();
    }

    public Uri Url { get; }
    public string ExpectedMd5 { get; }

    /// <summary>Whether the folder holds ratings.dat, movies.dat and users.dat.</summary>
    public static bool HasDataFiles(string directory) =>
        RequiredFiles.All(f => File.Exists(Path.Combine(directory, f)));

    /// <summary>
    /// Downloads unless <paramref name="targetDirectory"/> already has the files. Returns true when
    /// it downloaded.
    /// </summary>
    public async Task<bool> EnsureAsync(string targetDirectory, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (HasDataFiles(targetDirectory))
            return false;
        await DownloadAsync(targetDirectory, progress, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Downloads, verifies and extracts ML-1M into <paramref name="targetDirectory"/>. When the folder
    /// already exists (say with the repository's README.md), the data files are moved into it and
    /// other files are kept.
    /// </summary>
    /// <exception cref="DataDownloadException">Network or HTTP failure, checksum mismatch, bad archive.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is left behind.</exception>
    public async Task DownloadAsync(string targetDirectory, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var target = Path.GetFullPath(targetDirectory);
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException("The target must not be a root folder.", nameof(targetDirectory));
        Directory.CreateDirectory(parent);

        // Next to the target so that the final moves stay on one file system (and so are atomic).
        var stamp = Guid.NewGuid().ToString("N")[..12];
        var zipPath = Path.Combine(parent, $".{Path.GetFileName(target)}.{stamp}.zip.tmp");
        var extractDir = Path.Combine(parent, $".{Path.GetFileName(target)}.{stamp}.tmp");
        try
        {
            await DownloadToFileAsync(zipPath, target, progress, cancellationToken).ConfigureAwait(false);
            var extracted = Extract(zipPath, extractDir, target);
            cancellationToken.ThrowIfCancellationRequested();
            MoveIntoPlace(extracted, target);
        }
        finally
        {
            TryDelete(zipPath, extractDir);
        }
    }

    private async Task DownloadToFileAsync(string zipPath, string target, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Failure(target, DescribeConnectionFailure(e), e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(target, $"no answer within {_http.Timeout.TotalSeconds:0} s", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw Failure(target, $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}");

            var total = response.Content.Headers.ContentLength;
            long received = 0;
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using var file = new FileStream(zipPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                var buffer = new byte[1 << 16];
                long lastReported = -1;
                progress?.Report(new DownloadProgress(0, total));
                int n;
                while ((n = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    md5.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    received += n;
                    // Report about every 256 KB, not every read: progress handlers usually redraw a bar.
                    if (progress is not null && received - lastReported >= 1 << 18)
                    {
                        progress.Report(new DownloadProgress(received, total));
                        lastReported = received;
                    }
                }
                progress?.Report(new DownloadProgress(received, total));
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                var of = total is null ? "" : $" of {total:N0}";
                throw Failure(target, $"the download broke off after {received:N0}{of} bytes ({e.Message})", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw Failure(target, $"the download stalled after {received:N0} bytes (timeout {_http.Timeout.TotalSeconds:0} s)", e);
            }

            if (total is not null && received != total)
                throw Failure(target, $"the download is incomplete: {received:N0} of {total:N0} bytes");

            var actual = Convert.ToHexStringLower(md5.GetHashAndReset());
            if (actual != ExpectedMd5)
                throw Failure(target, $"the file's MD5 is {actual}, expected {ExpectedMd5} ({received:N0} bytes received): it is damaged or not the MovieLens 1M zip");
        }
    }

    /// <summary>Extracts the files of the archive's ml-1m/ folder; returns the folder that holds them.</summary>
    private string Extract(string zipPath, string extractDir, string target)
    {
        try
        {
            Directory.CreateDirectory(extractDir);
            using var zip = ZipFile.OpenRead(zipPath);
            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                if (!name.StartsWith(ArchiveFolder, StringComparison.Ordinal))
                    continue;
                var relative = name[ArchiveFolder.Length..];
                // Only the flat files of ml-1m/: no sub-folders, and so no way for a name to escape the folder.
                if (relative.Length == 0 || relative.Contains('/') || relative is "." or "..")
                    continue;
                entry.ExtractToFile(Path.Combine(extractDir, relative), overwrite: false);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw Failure(target, $"the archive cannot be extracted ({e.Message})", e);
        }

        var missing = RequiredFiles.Where(f => !File.Exists(Path.Combine(extractDir, f))).ToArray();
        if (missing.Length > 0)
            throw Failure(target, $"the archive has no {ArchiveFolder}{string.Join($", {ArchiveFolder}", missing)}");
        return extractDir;
    }

    private static void MoveIntoPlace(string extracted, string target)
    {
        if (!Directory.Exists(target))
        {
            // The usual case: one rename, so the folder appears complete or not at all.
            Directory.Move(extracted, target);
            return;
        }
        // The folder exists without the data (a fresh clone has ml-1m/README.md): move the files in one
        // by one. Each move is a rename on the same file system; ratings.dat goes last so that an
        // interruption leaves HasDataFiles false and the next run downloads again.
        var files = Directory.GetFiles(extracted)
            .OrderBy(f => Path.GetFileName(f) == "ratings.dat" ? 1 : 0)
            .ThenBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
            File.Move(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
    }

    private static string DescribeConnectionFailure(HttpRequestException e)
    {
        var socket = e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException;
        return socket?.SocketErrorCode switch
        {
            SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => $"the host name could not be resolved (no network or DNS?): {e.Message}",
            SocketError.ConnectionRefused => $"the connection was refused: {e.Message}",
            SocketError.NetworkUnreachable or SocketError.HostUnreachable => $"the network is unreachable: {e.Message}",
            _ when e.HttpRequestError == HttpRequestError.NameResolutionError => $"the host name could not be resolved (no network or DNS?): {e.Message}",
            _ => $"the request failed: {e.Message}",
        };
    }

    private DataDownloadException Failure(string target, string whatHappened, Exception? inner = null) =>
        new(Url, target, whatHappened, inner);

    private static void TryDelete(string file, string directory)
    {
        // Cleanup must not hide the original error, so failures here are ignored.
        try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        try
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
