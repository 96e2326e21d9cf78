using System.Security.Cryptography;

namespace HybridRecommender.Core.Data;

/// <summary>SHA-256 of each data file a dataset was read from, so a model card names exactly what it was trained on.</summary>
public static class DataFingerprint
{
    public static IReadOnlyDictionary<string, string> Of(string directory)
    {
        var files = MovieLensReader.DetectLayout(directory) switch
        {
            DatasetLayout.MovieLens1M => new[] { "ratings.dat", "movies.dat", "users.dat" },
            DatasetLayout.MovieLens10M => ["ratings.dat", "movies.dat"],
            _ => ["ratings.csv", "movies.csv"],
        };
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            var path = Path.Combine(directory, f);
            if (!File.Exists(path)) continue;
            using var s = File.OpenRead(path);
            result[f] = Convert.ToHexStringLower(SHA256.HashData(s));
        }
        return result;
    }
}
