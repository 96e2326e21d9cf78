namespace HybridRecommender.Core.Data;

/// <summary>
/// The data folder, or a file the detected layout needs, does not exist. The message says how to
/// provide the data, since the usual cause is a fresh checkout without the (non-redistributable) files.
/// </summary>
public sealed class DataNotFoundException : Exception
{
    public DataNotFoundException(string missingPath, string what)
        : base($"{what}: {missingPath} does not exist. "
            + "Point --data DIR at a folder with the MovieLens files (ratings.dat, movies.dat, users.dat for MovieLens 1M; "
            + "or ratings.csv and movies.csv), or set the ML1M_DIR environment variable to such a folder, "
            + "or let the training program download MovieLens 1M into ./ml-1m.")
    {
        MissingPath = missingPath;
    }

    /// <summary>The folder or file that is missing.</summary>
    public string MissingPath { get; }
}
