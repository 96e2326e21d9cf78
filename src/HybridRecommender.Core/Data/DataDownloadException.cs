namespace HybridRecommender.Core.Data;

/// <summary>
/// Getting MovieLens 1M from the network failed. The message says what went wrong and how to get the
/// data by hand; nothing half-written is left in the target folder.
/// </summary>
public sealed class DataDownloadException : Exception
{
    public DataDownloadException(Uri source, string targetDirectory, string whatHappened, Exception? innerException = null)
        : base($"Could not download MovieLens 1M from {source}: {whatHappened}. "
            + $"Download it yourself from {source} and unzip it so that {Path.Combine(targetDirectory, "ratings.dat")} exists "
            + "(the zip holds an ml-1m folder with ratings.dat, movies.dat and users.dat), "
            + "or point --data DIR or the ML1M_DIR environment variable at a folder that has those files.",
            innerException)
    {
        Url = source;
        TargetDirectory = targetDirectory;
        WhatHappened = whatHappened;
    }

    public Uri Url { get; }
    public string TargetDirectory { get; }

    /// <summary>The failure alone, e.g. "the server answered 404 Not Found".</summary>
    public string WhatHappened { get; }
}
