using System.Globalization;

namespace HybridRecommender.Training;

/// <summary>
/// Where a training run writes when no --out is given: a new folder models/&lt;UTC timestamp&gt;/ (git-ignored), with
/// the plots in its plots/ — so a default run never replaces the committed model/ and assets/, which only an explicit
/// <c>--out model</c> does.
/// </summary>
public static class RunFolder
{
    public const string Parent = "models";

    /// <summary>models/yyyyMMdd-HHmmss under <paramref name="baseDirectory"/>, with -2, -3 … appended when that folder exists already.</summary>
    public static string Default(DateTimeOffset now, string baseDirectory)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var folder = Path.Combine(baseDirectory, Parent, stamp);
        for (var n = 2; Directory.Exists(folder); n++) folder = Path.Combine(baseDirectory, Parent, $"{stamp}-{n}");
        return folder;
    }
}
