using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HybridRecommender.Tests.Api;

/// <summary>
/// Trains a small bundle on <see cref="SyntheticDataset"/> once for all API tests, saves it to a
/// temp folder (with loss.svg and mae.png but no mae.svg in a plots folder) and serves it through
/// <see cref="WebApplicationFactory{TEntryPoint}"/>.
/// </summary>
public sealed class TrainedBundleFixture : IDisposable
{
    public const string LossSvg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>loss</title></svg>";
    public static readonly byte[] MaePng = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    public TrainedBundleFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "hr-api-tests-" + Guid.NewGuid().ToString("N"));
        ModelPath = Path.Combine(Root, "model");
        PlotsPath = Path.Combine(Root, "assets");
        var data = SyntheticDataset.Create(users: 120, movies: 80, ratingsPerUser: 30, seed: 7);
        // With the relevance head, as the default run trains it: /recommend ranks by it.
        var options = new TrainingOptions { Epochs = 3, Dim = 8, Hidden = [8], Threads = 1, BatchSize = 64, RelevanceWeight = 1f };
        TrainingPipeline.Run(data, options, new Dictionary<string, string> { ["synthetic"] = "seed 7" }).Bundle.Save(ModelPath);
        Directory.CreateDirectory(PlotsPath);
        File.WriteAllText(Path.Combine(PlotsPath, "loss.svg"), LossSvg);
        File.WriteAllBytes(Path.Combine(PlotsPath, "mae.png"), MaePng);
        // The bundle as the API reads it, for comparing answers with the scorer directly.
        Bundle = ModelBundle.Load(ModelPath);
        FeedbackFolder = Path.Combine(Root, "feedback");
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Model:Path", ModelPath)
            .UseSetting("Model:PlotsPath", PlotsPath)
            .UseSetting("Feedback:Folder", FeedbackFolder)
            .UseSetting("Feedback:AdminKey", AdminKey)
            .UseSetting("Feedback:RateLimit:CreateUsers", "100000")
            .UseSetting("Feedback:RateLimit:Writes", "100000"));
        Client = Factory.CreateClient();
    }

    public string Root { get; }
    public string ModelPath { get; }
    public string PlotsPath { get; }
    public string FeedbackFolder { get; }
    public const string AdminKey = "test-admin-key-0123456789abcdef";
    public ModelBundle Bundle { get; }
    public WebApplicationFactory<Program> Factory { get; }
    public HttpClient Client { get; }

    /// <summary>Copies the bundle's files into <paramref name="folder"/> (created), for a test that alters or moves a bundle.</summary>
    public void CopyBundleTo(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(ModelPath)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
    }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { /* best effort: temp folder */ }
    }
}

// Not beside anything: the fixture trains with libtorch (see LibTorchCollection).
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainedBundleCollection : ICollectionFixture<TrainedBundleFixture>
{
    public const string Name = "API on a trained synthetic bundle";
}
