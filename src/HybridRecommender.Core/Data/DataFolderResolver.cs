namespace HybridRecommender.Core.Data;

/// <summary>Which setting chose the data folder, for the log line that says where data came from.</summary>
public enum DataFolderSource
{
    /// <summary>The --data DIR argument.</summary>
    CommandLine,
    /// <summary>The ML1M_DIR environment variable.</summary>
    EnvironmentVariable,
    /// <summary>./ml-1m under the current directory (where the training program downloads to).</summary>
    Default,
}

/// <summary>A resolved data folder (absolute path) and the setting that chose it.</summary>
public sealed record ResolvedDataFolder(string Path, DataFolderSource Source)
{
    /// <summary>A short description for logs, e.g. "/data/ml-1m (from ML1M_DIR)".</summary>
    public override string ToString() => Source switch
    {
        DataFolderSource.CommandLine => $"{Path} (from --data)",
        DataFolderSource.EnvironmentVariable => $"{Path} (from {DataFolderResolver.EnvironmentVariable})",
        _ => $"{Path} (default ./{DataFolderResolver.DefaultFolderName})",
    };
}

/// <summary>
/// Picks the MovieLens folder: the --data argument, else the ML1M_DIR environment variable, else
/// ./ml-1m. It does not check that the folder exists: a folder named explicitly that is missing should
/// be reported (by <see cref="MovieLensReader"/>), not silently replaced by the next choice.
/// </summary>
public sealed class DataFolderResolver
{
    public const string EnvironmentVariable = "ML1M_DIR";
    public const string DefaultFolderName = "ml-1m";

    private readonly Func<string, string?> _getEnvironmentVariable;
    private readonly string _currentDirectory;

    /// <param name="getEnvironmentVariable">Environment look-up (injected for tests).</param>
    /// <param name="currentDirectory">The folder relative paths are resolved against.</param>
    public DataFolderResolver(Func<string, string?> getEnvironmentVariable, string currentDirectory)
    {
        _getEnvironmentVariable = getEnvironmentVariable;
        _currentDirectory = currentDirectory;
    }

    /// <summary>A resolver over this process's environment and current directory.</summary>
    public static DataFolderResolver ForCurrentProcess() =>
        new(Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory());

    /// <param name="dataArgument">The --data argument, or null when it was not given.</param>
    public ResolvedDataFolder Resolve(string? dataArgument)
    {
        if (!string.IsNullOrWhiteSpace(dataArgument))
            return new ResolvedDataFolder(Absolute(dataArgument), DataFolderSource.CommandLine);
        var fromEnvironment = _getEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return new ResolvedDataFolder(Absolute(fromEnvironment), DataFolderSource.EnvironmentVariable);
        return new ResolvedDataFolder(Absolute(DefaultFolderName), DataFolderSource.Default);
    }

    private string Absolute(string path) => Path.GetFullPath(path.Trim(), _currentDirectory);
}
