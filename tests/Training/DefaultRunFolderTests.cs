using System.Diagnostics;
using System.Globalization;
using System.Text;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Tests.Data;
using HybridRecommender.Tests.Support;
using HybridRecommender.Training;

namespace HybridRecommender.Tests.Training;

/// <summary>A training run without --out writes a new git-ignored run folder and never touches the committed model.</summary>
public sealed class DefaultRunFolderTests
{
    [Fact]
    public void The_default_is_a_new_timestamped_folder_under_models()
    {
        using var root = new TemporaryFolder();
        var at = new DateTimeOffset(2026, 12, 3, 4, 15, 9, TimeSpan.FromHours(2)); // 02:15:09 UTC

        var first = RunFolder.Default(at, root.Path);
        Assert.Equal(Path.Combine(root.Path, "models", "20261203-021509"), first);
        Directory.CreateDirectory(first);
        Assert.Equal(first + "-2", RunFolder.Default(at, root.Path)); // never into an existing run
        Assert.Equal(Path.Combine(first, PlotsLocation.InModelFolder), PlotsLocation.For(first)); // its plots stay inside it
    }

    [Fact]
    public async Task A_default_training_run_in_a_clone_leaves_git_status_clean_and_prints_how_to_serve_it()
    {
        using var clone = new TemporaryFolder();
        using var data = new TemporaryFolder();
        WriteMl1M(data, SyntheticDataset.Create(users: 40, movies: 30, ratingsPerUser: 15));
        // A stand-in clone: the repository's .gitignore, its solution file and a committed model/ folder.
        File.Copy(Path.Combine(RepositoryRoot(), ".gitignore"), Path.Combine(clone.Path, ".gitignore"));
        clone.Write(PlotsLocation.SolutionFile, "");
        Directory.CreateDirectory(Path.Combine(clone.Path, PlotsLocation.CommittedModelFolder));
        clone.Write(Path.Combine(PlotsLocation.CommittedModelFolder, ModelBundle.CardFile), "{}");
        await RunAsync("git", clone.Path, "init", "-q");
        await RunAsync("git", clone.Path, "add", "-A");
        await RunAsync("git", clone.Path, "-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-qm", "clone");

        var output = await RunAsync("dotnet", clone.Path, Path.Combine(AppContext.BaseDirectory, "HybridRecommender.Training.dll"),
            "--data", data.Path, "--epochs", "1", "--threads", "1");

        Assert.Equal("", await RunAsync("git", clone.Path, "status", "--porcelain", "--untracked-files=all"));
        var run = Assert.Single(Directory.GetDirectories(Path.Combine(clone.Path, RunFolder.Parent)));
        Assert.True(File.Exists(Path.Combine(run, ModelBundle.CardFile)));
        Assert.True(File.Exists(Path.Combine(run, PlotsLocation.InModelFolder, "loss.png")));
        Assert.Equal("{}", File.ReadAllText(Path.Combine(clone.Path, PlotsLocation.CommittedModelFolder, ModelBundle.CardFile)));
        Assert.False(Directory.Exists(Path.Combine(clone.Path, PlotsLocation.CommittedPlotsFolder)));
        Assert.Contains($"--Model:Path={run}", output, StringComparison.Ordinal);
    }

    private static void WriteMl1M(TemporaryFolder folder, Core.Data.MovieLensDataset d)
    {
        folder.Write("movies.dat", string.Concat(d.Movies.Select(m => $"{m.Id}::{m.Title} ({m.Year})::{string.Join('|', m.Genres)}\n")));
        folder.Write("users.dat", string.Concat(d.Users.Select(u => $"{u.Id}::M::25::1::00000\n")));
        var r = d.Ratings;
        var ratings = new StringBuilder();
        for (var i = 0; i < r.Count; i++)
            ratings.Append(CultureInfo.InvariantCulture, $"{d.Users[r.UserIndex[i]].Id}::{d.Movies[r.MovieIndex[i]].Id}::{(int)r.Rating[i]}::978300760\n");
        folder.Write("ratings.dat", ratings.ToString());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, PlotsLocation.SolutionFile))) return dir.FullName;
        throw new InvalidOperationException("No repository root above the test output.");
    }

    private static async Task<string> RunAsync(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}\n{await stdout}");
        return await stdout;
    }
}
