using HybridRecommender.Core.Feedback;
using HybridRecommender.Core.Versions;
using HybridRecommender.Tests.Feedback;

namespace HybridRecommender.Tests.Versions;

/// <summary>The version store on both databases: publish, current, promote, rollback, the lease that fences publishing.</summary>
public sealed class ModelVersionStoreTests
{
    private static ModelVersionInfo Info(string reason) => new("retrain", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
        new ModelVersionData(100, 10, 20, 5, 1, 0),
        new GateComparison("model/", null, 30, 8, new ValidationFigures(0.9, 0.2), new ValidationFigures(0.91, 0.19), 0.005, 0.002, true, reason));

    private static async Task<(TestStores Stores, IModelVersionStore Store)> OpenAsync(string kind)
    {
        var stores = new TestStores(kind);
        await stores.OpenInitialisedAsync(); // the feedback database the versions live beside
        var store = ModelVersionStore.Open(stores.Target);
        await store.InitialiseAsync();
        await store.InitialiseAsync(); // a second replica finds nothing to migrate
        return (stores, store);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Published_versions_become_current_and_roll_back_to_the_one_before_then_to_the_folder(string kind)
    {
        var (stores, store) = await OpenAsync(kind);
        await using var _ = stores;
        await using var __ = store;
        Assert.Null(await store.CurrentAsync());
        Assert.Null(await store.TryAcquireLeaseAsync("w1", TimeSpan.FromMinutes(1)));

        var v1 = await store.PublishAsync("w1", [1, 2, 3], Info("first"), makeCurrent: true, DateTimeOffset.UtcNow);
        var v2 = await store.PublishAsync("w1", [4, 5], Info("refused"), makeCurrent: false, DateTimeOffset.UtcNow);
        var v3 = await store.PublishAsync("w1", [6], Info("third"), makeCurrent: true, DateTimeOffset.UtcNow);
        Assert.Equal([1, 2, 3], new[] { v1, v2, v3 });
        Assert.Equal(v3, (await store.CurrentAsync())!.Version);
        Assert.Equal(ModelBundleArchive.Sha256([6]), (await store.CurrentAsync())!.Sha256);
        Assert.Equal(new byte[] { 4, 5 }, await store.BundleAsync(v2));
        var listed = await store.ListAsync();
        Assert.Equal([3, 2, 1], listed.Select(v => v.Version));
        Assert.Null(listed.Single(v => v.Version == 2).PromotedAt);
        Assert.Equal("refused", listed.Single(v => v.Version == 2).Info.Gate.Reason);
        Assert.Equal((RetrainOutcomes.Promoted, 3), ((await store.LastRetrainAsync())!.Outcome, (await store.LastRetrainAsync())!.Version));

        // Rollback skips v2, which never was current; past v1 there is only the folder.
        Assert.Equal(1, await store.RollbackAsync());
        Assert.Null(await store.RollbackAsync());
        Assert.Null((await store.CurrentAsync())!.Version);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RollbackAsync());

        await store.PromoteAsync(2); // by hand, past the gate
        Assert.Equal(2, (await store.CurrentAsync())!.Version);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.PromoteAsync(9));
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Only_the_lease_holder_publishes_and_an_expired_lease_frees_for_the_next_worker(string kind)
    {
        var (stores, store) = await OpenAsync(kind);
        await using var _ = stores;
        await using var __ = store;
        await using var other = ModelVersionStore.Open(stores.Target); // another worker process

        Assert.Null(await store.TryAcquireLeaseAsync("w1", TimeSpan.FromSeconds(2)));
        var held = await other.TryAcquireLeaseAsync("w2", TimeSpan.FromMinutes(1));
        Assert.Equal("w1", held!.Owner);
        await Assert.ThrowsAsync<LeaseLostException>(() => other.PublishAsync("w2", [1], Info("x"), true, DateTimeOffset.UtcNow));

        await Task.Delay(TimeSpan.FromSeconds(2.5)); // w1 was killed: its lease runs out
        Assert.False(await store.RenewLeaseAsync("w1", TimeSpan.FromMinutes(1)));
        Assert.Null(await other.TryAcquireLeaseAsync("w2", TimeSpan.FromMinutes(1)));
        await Assert.ThrowsAsync<LeaseLostException>(() => store.PublishAsync("w1", [1], Info("late"), true, DateTimeOffset.UtcNow));
        Assert.Null(await store.CurrentAsync()); // nothing of the refused publish was written
        Assert.Empty(await store.ListAsync());

        Assert.Equal(1, await other.PublishAsync("w2", [1], Info("ok"), true, DateTimeOffset.UtcNow));
        Assert.True(await other.RenewLeaseAsync("w2", TimeSpan.FromMinutes(1)));
        await other.ReleaseLeaseAsync("w2");
        Assert.Null(await store.TryAcquireLeaseAsync("w1", TimeSpan.FromMinutes(1)));
    }
}
