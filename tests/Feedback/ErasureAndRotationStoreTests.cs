using HybridRecommender.Core.Feedback;

namespace HybridRecommender.Tests.Feedback;

/// <summary>DeleteUserAsync and RotateTokenAsync, against SQLite always and PostgreSQL when HR_TEST_POSTGRES is set.</summary>
public sealed class ErasureAndRotationStoreTests
{
    private static readonly byte[] HashA = Enumerable.Repeat((byte)1, 32).ToArray();
    private static readonly byte[] HashB = Enumerable.Repeat((byte)2, 32).ToArray();
    private static readonly byte[] HashC = Enumerable.Repeat((byte)3, 32).ToArray();

    [Theory, SqliteStore, PostgresStore]
    public async Task Erasing_an_API_user_removes_the_user_their_token_and_every_rating_and_no_other(string kind)
    {
        await using var db = new TestStores(kind);
        var store = await db.OpenInitialisedAsync();
        var gone = await store.CreateUserAsync(HashA);
        var kept = await store.CreateUserAsync(HashB);
        foreach (var movie in new[] { 10, 20, 30 }) await store.SetRatingAsync(gone, movie, 4);
        await store.SetRatingAsync(kept, 10, 2);

        var erased = await store.DeleteUserAsync(gone);
        var again = await store.DeleteUserAsync(gone);

        Assert.True(erased);
        Assert.False(again);
        Assert.Null(await store.FindUserAsync(gone));
        Assert.Null(await store.FindUserIdByTokenHashAsync(HashA));
        Assert.Equal(0, await store.VersionAsync(gone));
        // What training --feedback reads (FeedbackTraining → AllRatingsAsync), from a fresh store object (the training process).
        var all = await db.Open().AllRatingsAsync();
        Assert.Equal([kept], all.Select(r => r.UserId).Distinct());
        Assert.Equal(kept, await store.FindUserIdByTokenHashAsync(HashB));
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task An_erased_id_is_never_handed_out_again(string kind)
    {
        await using var db = new TestStores(kind);
        var store = await db.OpenInitialisedAsync(maxReservedUserId: 100);
        var first = await store.CreateUserAsync(HashA);
        await store.DeleteUserAsync(first);

        var next = await store.CreateUserAsync(HashB);

        Assert.Equal(101, first);
        Assert.Equal(102, next);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Erasing_a_trained_users_API_ratings_keeps_a_row_with_a_newer_version(string kind)
    {
        await using var db = new TestStores(kind);
        var store = await db.OpenInitialisedAsync();
        await store.SetRatingAsync(7, 10, 5);   // a model user the admin rated for: token-less row, version 1
        var before = await store.VersionAsync(7);

        Assert.True(await store.DeleteUserAsync(7));

        // A replica that cached the profile at the old version must see a change: the version moves on, never back to 0.
        Assert.True(await store.VersionAsync(7) > before);
        Assert.Empty((await store.RatingsAsync(7)).Ratings);
        Assert.Empty(await store.AllRatingsAsync());
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Rotating_replaces_the_hash_at_once_and_only_while_the_presented_one_is_current(string kind)
    {
        await using var db = new TestStores(kind);
        var store = await db.OpenInitialisedAsync();
        var id = await store.CreateUserAsync(HashA);
        var replica = await db.OpenInitialisedAsync();

        Assert.True(await store.RotateTokenAsync(id, HashB, HashA));
        Assert.False(await replica.RotateTokenAsync(id, HashC, HashA)); // the old hash no longer matches, on any replica

        Assert.Null(await replica.FindUserIdByTokenHashAsync(HashA));
        Assert.Equal(id, await replica.FindUserIdByTokenHashAsync(HashB));
        Assert.True(await replica.RotateTokenAsync(id, HashC, null));   // the admin: unconditional
        Assert.Equal(id, await store.FindUserIdByTokenHashAsync(HashC));
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task A_token_less_user_has_nothing_to_rotate(string kind)
    {
        await using var db = new TestStores(kind);
        var store = await db.OpenInitialisedAsync();
        await store.SetRatingAsync(7, 10, 5);

        Assert.False(await store.RotateTokenAsync(7, HashA, null));
        Assert.False(await store.RotateTokenAsync(999, HashA, null));
        Assert.Null((await store.FindUserAsync(7))!.TokenHash);
    }
}
