using HybridRecommender.Core.Bundle;

namespace HybridRecommender.Tests.Support;

/// <summary>
/// A test on the repository's model/ bundle and the real MovieLens 1M. Skipped, with the reason shown,
/// where model/card.json is absent or ML1M_DIR is unset.
/// </summary>
public sealed class CommittedBundleFactAttribute : FactAttribute
{
    public CommittedBundleFactAttribute()
    {
        if (CommittedBundle.Directory is null)
            Skip = $"No {ModelBundle.CardFile} in the repository's model/ folder.";
        else if (RealData.Directory is null)
            Skip = "ML1M_DIR is not set to a folder with the MovieLens 1M files (ratings.dat, movies.dat, users.dat).";
    }
}

public static class CommittedBundle
{
    /// <summary>The repository root's model/ folder (found by walking up to the solution file) when it holds a card, else null.</summary>
    public static string? Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, PlotsLocation.SolutionFile)))
                {
                    var model = Path.Combine(dir.FullName, PlotsLocation.CommittedModelFolder);
                    return File.Exists(Path.Combine(model, ModelBundle.CardFile)) ? model : null;
                }
            return null;
        }
    }
}
