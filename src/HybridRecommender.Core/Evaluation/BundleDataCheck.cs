using System.Security.Cryptography;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// Refuses to evaluate a bundle on data other than the data it was trained on: the split is a
/// function of the ids and the seed, so different data means a different (leaky) test set.
/// Checks layout, counts, the user and movie id maps (order included), the genre vocabulary and,
/// for every file the card fingerprints by name that exists in the data folder, its SHA-256.
/// </summary>
public static class BundleDataCheck
{
    /// <returns>The fingerprinted files whose SHA-256 matched.</returns>
    /// <exception cref="DataMismatchException">Every difference found, one per line.</exception>
    public static IReadOnlyList<string> Verify(ModelCard card, MovieLensDataset data, string? dataFolder)
    {
        var problems = new List<string>();
        var d = card.Data;
        if (d.Layout != data.Layout.ToString()) problems.Add($"layout: card {d.Layout}, data {data.Layout}");
        if (d.Ratings != data.Ratings.Count) problems.Add($"ratings: card {d.Ratings:N0}, data {data.Ratings.Count:N0}");
        CompareIds("user", card.UserIds, data.UserIds.Ids, problems);
        CompareIds("movie", card.MovieIds, data.MovieIds.Ids, problems);
        if (!card.Genres.SequenceEqual(data.Genres.Names, StringComparer.Ordinal))
            problems.Add($"genres: card [{string.Join(", ", card.Genres)}], data [{string.Join(", ", data.Genres.Names)}]");

        var verified = new List<string>();
        if (dataFolder is not null)
            foreach (var (file, expected) in d.Sha256.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var path = Path.Combine(dataFolder, file);
                if (!File.Exists(path)) continue; // a key that is not a file name here cannot be checked
                var actual = Sha256Hex(path);
                if (string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase)) verified.Add(file);
                else problems.Add($"{file}: SHA-256 {actual}, card {expected}");
            }

        if (problems.Count > 0)
            throw new DataMismatchException(
                "The data is not the data this model was trained on, so its split would not be the model's test set:\n  "
                + string.Join("\n  ", problems)
                + "\nPoint --data at the folder the model was trained on, or retrain with `dotnet run --project training`.");
        return verified;
    }

    private static void CompareIds(string what, IReadOnlyList<int> card, IReadOnlyList<int> data, List<string> problems)
    {
        if (card.Count != data.Count)
        {
            problems.Add($"{what}s: card {card.Count:N0}, data {data.Count:N0}");
            return;
        }
        for (var i = 0; i < card.Count; i++)
            if (card[i] != data[i])
            {
                problems.Add($"{what} index {i}: card id {card[i]}, data id {data[i]}");
                return;
            }
    }

    private static string Sha256Hex(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }
}
