namespace HybridRecommender.Tests.Support;

/// <summary>
/// A test on the real MovieLens 1M, found through the ML1M_DIR environment variable (CI sets it).
/// Skipped, with the reason shown, where the variable is unset.
/// </summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        if (RealData.Directory is null)
            Skip = "ML1M_DIR is not set to a folder with the MovieLens 1M files (ratings.dat, movies.dat, users.dat).";
    }
}

public static class RealData
{
    /// <summary>The ML-1M folder from ML1M_DIR, or null when unset or missing.</summary>
    public static string? Directory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("ML1M_DIR");
            return !string.IsNullOrWhiteSpace(dir) && File.Exists(Path.Combine(dir, "ratings.dat")) ? dir : null;
        }
    }
}
