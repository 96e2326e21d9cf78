using HybridRecommender.Core.Bundle;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// Resolves configured folders. A relative path is taken from the content root (which depends on how the API is
/// started: the API project's folder or the current directory); when that does not exist, from the repository root above it
/// (the folder holding HybridRecommender.sln), so running from the project folder finds the same
/// model/ and assets/ as running from the repository root.
/// </summary>
public static class RepositoryPath
{
    public const string SolutionFile = PlotsLocation.SolutionFile;

    public static string Resolve(string configured, string contentRoot)
    {
        if (Path.IsPathRooted(configured)) return Path.GetFullPath(configured);
        var fromContentRoot = Path.GetFullPath(Path.Combine(contentRoot, configured));
        if (Directory.Exists(fromContentRoot)) return fromContentRoot;
        var repo = FindRepositoryRoot(contentRoot);
        return repo is null ? fromContentRoot : Path.GetFullPath(Path.Combine(repo, configured));
    }

    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        return null;
    }
}
