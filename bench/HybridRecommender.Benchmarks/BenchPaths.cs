namespace HybridRecommender.Benchmarks;

/// <summary>Where the benchmarks find the repository (for model/) and the MovieLens 1M files.</summary>
public static class BenchPaths
{
    public const string SolutionFile = HybridRecommender.Core.Bundle.PlotsLocation.SolutionFile;

    /// <summary>
    /// The folder holding HybridRecommender.sln, found by walking up from the working directory and
    /// then from the assembly's folder (BenchmarkDotNet runs each case from a generated folder under bin/).
    /// </summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        throw new InvalidOperationException($"Cannot find {SolutionFile} above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}.");
    }

    /// <summary>The committed model bundle, model/ at the repository root, or BENCH_MODEL_DIR (e.g. a bundle trained with the relevance head into /tmp).</summary>
    public static string ModelFolder() => Environment.GetEnvironmentVariable("BENCH_MODEL_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepositoryRoot(), HybridRecommender.Core.Bundle.PlotsLocation.CommittedModelFolder);

    /// <summary>ML1M_DIR when it names a folder with ratings.dat; null otherwise (synthetic data is used instead).</summary>
    public static string? MovieLens1M()
    {
        var dir = Environment.GetEnvironmentVariable("ML1M_DIR");
        return !string.IsNullOrWhiteSpace(dir) && File.Exists(Path.Combine(dir, "ratings.dat")) ? dir : null;
    }
}
