using System.Security.Cryptography;
using System.Text;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Data;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Evaluation;

[Collection(LibTorchCollection.Name)]
public class BundleDataCheckTests
{
    private static readonly Core.Data.MovieLensDataset Data = SyntheticDataset.Create(users: 30, movies: 20, ratingsPerUser: 10);

    private static Core.Bundle.ModelCard CardWith(Dictionary<string, string> fingerprint) =>
        TrainingPipeline.Run(Data, new TrainingOptions { Epochs = 1, Dim = 4, Hidden = [], Threads = 1 }, fingerprint).Bundle.Card;

    [Fact]
    public void Fingerprinted_files_are_hashed_and_compared()
    {
        using var folder = new TemporaryFolder();
        folder.Write("ratings.dat", "1::1::5::0\n");
        folder.Write("movies.dat", "changed\n");
        var good = Convert.ToHexStringLower(SHA256.HashData(Encoding.Latin1.GetBytes("1::1::5::0\n")));
        var card = CardWith(new() { ["ratings.dat"] = good, ["movies.dat"] = new string('0', 64), ["not-a-file"] = "x" });

        var e = Assert.Throws<DataMismatchException>(() => BundleDataCheck.Verify(card, Data, folder.Path));
        Assert.Contains("movies.dat: SHA-256", e.Message);
        Assert.DoesNotContain("ratings.dat", e.Message);

        var matching = card with { Data = card.Data with { Sha256 = new Dictionary<string, string> { ["ratings.dat"] = good.ToUpperInvariant() } } };
        Assert.Equal(["ratings.dat"], BundleDataCheck.Verify(matching, Data, folder.Path));
        Assert.Empty(BundleDataCheck.Verify(matching, Data, dataFolder: null));
    }

    [Fact]
    public void Reordered_ids_and_other_genres_are_refused()
    {
        var card = CardWith([]);
        var swapped = card with { UserIds = card.UserIds.Reverse().ToArray(), Genres = ["Drama"] };
        var e = Assert.Throws<DataMismatchException>(() => BundleDataCheck.Verify(swapped, Data, null));
        Assert.Contains("user index 0: card id 30, data id 1", e.Message);
        Assert.Contains("genres:", e.Message);
    }
}
