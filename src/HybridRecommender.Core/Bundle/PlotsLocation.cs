namespace HybridRecommender.Core.Bundle;

/// <summary>
/// Where a model's training plots live, one rule for the trainer (where it writes them) and the API (where it reads
/// them): the repository's <c>assets/</c> for the repository's <c>model/</c> — the committed pair the README shows —
/// and the model folder's own <c>plots/</c> for any other model folder, so a variant never overwrites the committed
/// plots and the API never shows one model's curves for another.
/// </summary>
public static class PlotsLocation
{
    public const string SolutionFile = "HybridRecommender.sln";
    public const string CommittedModelFolder = "model";
    public const string CommittedPlotsFolder = "assets";
    public const string InModelFolder = "plots";

    public static string For(string modelFolder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelFolder));
        var parent = Path.GetDirectoryName(full);
        return parent is not null && Path.GetFileName(full) == CommittedModelFolder && File.Exists(Path.Combine(parent, SolutionFile))
            ? Path.Combine(parent, CommittedPlotsFolder)
            : Path.Combine(full, InModelFolder);
    }
}
