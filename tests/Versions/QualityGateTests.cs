using HybridRecommender.Core.Feedback;
using HybridRecommender.Core.Training;
using HybridRecommender.Core.Versions;
using HybridRecommender.Tests.Support;
using HybridRecommender.Training.Retraining;

namespace HybridRecommender.Tests.Versions;

/// <summary>The worker's run on a small synthetic dataset: a deliberately bad recipe is stored but not promoted; the same recipe as the served model passes.</summary>
[Collection(LibTorchCollection.Name)]
public sealed class QualityGateTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hr-gate-" + Guid.NewGuid().ToString("N"));

    public static readonly TrainingOptions Recipe = new() { Epochs = 6, Dim = 8, Hidden = [8], Threads = 1, BatchSize = 64, RelevanceWeight = 1f };
    public static readonly IReadOnlyDictionary<string, string> Fingerprint = new Dictionary<string, string> { ["synthetic"] = "seed 7" };

    [Fact]
    public async Task A_worse_candidate_is_kept_aside_with_its_reason_and_an_equal_one_is_promoted()
    {
        var data = SyntheticDataset.Create(users: 120, movies: 80, ratingsPerUser: 30, seed: 7);
        var baseline = Path.Combine(_root, "model");
        TrainingPipeline.Run(data, Recipe, Fingerprint).Bundle.Save(baseline);
        var database = Path.Combine(_root, "feedback.db");
        await using (var feedback = new SqliteFeedbackStore(database)) await feedback.InitialiseAsync(data.UserIds.MaxId);
        await using var store = ModelVersionStore.Open(database);
        await store.InitialiseAsync();
        var lines = new List<string>();

        // Learning rate 1e-5 for one epoch: the network barely leaves its initialisation.
        var bad = Recipe with { LearningRate = 1e-5f, Epochs = 1 };
        var refused = await RetrainTick.RunAsync(data, Fingerprint, new RetrainSettings(database, bad, baseline, "retrain"), store, "test-worker", lines.Add, default);

        Assert.Equal(RetrainOutcomes.Kept, refused.Outcome);
        Assert.Null(await store.CurrentAsync());
        var stored = (await store.FindAsync(refused.Version!.Value))!;
        Assert.Null(stored.PromotedAt);
        var gate = stored.Info.Gate;
        Assert.False(gate.Passed);
        Assert.Equal("model/", gate.ComparedWith);
        Assert.True(gate.Candidate.Rmse > gate.Current.Rmse + gate.RmseTolerance, $"{gate.Candidate.Rmse} vs {gate.Current.Rmse}");
        Assert.Contains("worse beyond tolerance", gate.Reason, StringComparison.Ordinal);
        Assert.Contains("kept model/", refused.Line, StringComparison.Ordinal);
        Assert.Equal(RetrainOutcomes.Kept, (await store.LastRetrainAsync())!.Outcome);

        // The served model's own recipe on the same data and split seed trains the same network: equal figures pass.
        var same = await RetrainTick.RunAsync(data, Fingerprint, new RetrainSettings(database, Recipe, baseline, "retrain"), store, "test-worker", lines.Add, default);
        Assert.Equal(RetrainOutcomes.Promoted, same.Outcome);
        Assert.Equal(same.Version, (await store.CurrentAsync())!.Version);
        var promoted = (await store.FindAsync(same.Version!.Value))!.Info.Gate;
        Assert.Equal(promoted.Current.Rmse, promoted.Candidate.Rmse, 6);
        Assert.Equal(120, (await store.FindAsync(same.Version!.Value))!.Info.Data.MovieLensUsers);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { /* temp */ }
    }
}
