using HybridRecommender.Core.Feedback;
using Microsoft.Data.Sqlite;

namespace HybridRecommender.Tests.Feedback;

/// <summary>The store contract, against SQLite always and PostgreSQL when HR_TEST_POSTGRES is set.</summary>
public sealed class FeedbackStoreTests
{
    private static readonly byte[] HashA = Enumerable.Repeat((byte)1, 32).ToArray();
    private static readonly byte[] HashB = Enumerable.Repeat((byte)2, 32).ToArray();

    [Theory, SqliteStore, PostgresStore]
    public async Task First_start_creates_the_schema_and_a_second_start_changes_nothing(string kind)
    {
        await using var db = new TestStores(kind);
        var store = await db.OpenInitialisedAsync();
        var id = await store.CreateUserAsync(HashA);
        await store.SetRatingAsync(id, 10, 4);

        var again = await db.OpenInitialisedAsync();

        Assert.Equal(FeedbackSchema.LatestVersion, await again.SchemaVersionAsync());
        Assert.Equal([new FeedbackRating(id, 10, 4, 0)], (await again.RatingsAsync(id)).Ratings.Select(r => r with { UpdatedAtMs = 0 }));
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task New_user_ids_start_above_the_model_ids_and_never_go_back(string kind)
    {
        await using var db = new TestStores(kind);
        var store = await db.OpenInitialisedAsync(maxReservedUserId: 6040);
        var first = await store.CreateUserAsync(HashA);

        await db.OpenInitialisedAsync(maxReservedUserId: 9000);   // a bigger model
        var second = await store.CreateUserAsync(HashB);
        await db.OpenInitialisedAsync(maxReservedUserId: 10);     // a smaller one must not lower the floor
        var third = await store.CreateUserAsync(Enumerable.Repeat((byte)3, 32).ToArray());

        Assert.Equal(6041, first);
        Assert.Equal(9001, second);
        Assert.Equal(9002, third);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Concurrent_creates_on_two_replicas_never_share_an_id(string kind)
    {
        await using var db = new TestStores(kind);
        var a = await db.OpenInitialisedAsync(500);
        var b = await db.OpenInitialisedAsync(500);

        var ids = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            Task.Run(() => (i % 2 == 0 ? a : b).CreateUserAsync(BitConverter.GetBytes(i).Concat(new byte[28]).ToArray()))));

        Assert.Equal(60, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 501, 560));
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Setting_a_rating_is_idempotent_and_every_change_bumps_the_version(string kind)
    {
        await using var db = new TestStores(kind);
        var store = await db.OpenInitialisedAsync();
        var id = await store.CreateUserAsync(HashA);
        var v0 = await store.VersionAsync(id);

        await store.SetRatingAsync(id, 7, 3);
        await store.SetRatingAsync(id, 7, 3);
        await store.SetRatingAsync(id, 2, 5);
        var v1 = await store.VersionAsync(id);
        var deleted = await store.DeleteRatingAsync(id, 7);
        var v2 = await store.VersionAsync(id);
        var deletedAgain = await store.DeleteRatingAsync(id, 7);

        var snapshot = await store.RatingsAsync(id);
        Assert.True(v1 > v0);
        Assert.True(v2 > v1);
        Assert.True(deleted);
        Assert.False(deletedAgain);
        Assert.Equal(v2, snapshot.Version);
        Assert.Equal([(2, 5f)], snapshot.Ratings.Select(r => (r.MovieId, r.Rating)));
        Assert.True(snapshot.Ratings[0].UpdatedAtMs > 1_700_000_000_000);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task A_model_user_gets_a_row_without_a_token_on_first_write(string kind)
    {
        await using var db = new TestStores(kind);
        var store = await db.OpenInitialisedAsync(6040);

        Assert.Null(await store.FindUserAsync(17));
        await store.SetRatingAsync(17, 1, 2);

        var user = await store.FindUserAsync(17);
        Assert.NotNull(user);
        Assert.Null(user.TokenHash);
        Assert.Equal(1, user.Version);
        Assert.Equal(6041, await store.CreateUserAsync(HashA)); // the explicit id 17 did not move the sequence
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Users_are_found_by_token_hash(string kind)
    {
        await using var db = new TestStores(kind);
        var store = await db.OpenInitialisedAsync();
        var a = await store.CreateUserAsync(HashA);
        var b = await store.CreateUserAsync(HashB);

        Assert.Equal(a, await store.FindUserIdByTokenHashAsync(HashA));
        Assert.Equal(b, await store.FindUserIdByTokenHashAsync(HashB));
        Assert.Null(await store.FindUserIdByTokenHashAsync(new byte[32]));
        Assert.Equal(HashA, (await store.FindUserAsync(a))!.TokenHash);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task A_write_through_one_replica_is_read_through_another(string kind)
    {
        await using var db = new TestStores(kind);
        var writer = await db.OpenInitialisedAsync();
        var reader = db.Open();
        var id = await writer.CreateUserAsync(HashA);

        for (var movie = 1; movie <= 20; movie++)
        {
            await writer.SetRatingAsync(id, movie, movie % 5 + 1);
            var seen = await reader.RatingsAsync(id);
            Assert.Equal(movie, seen.Ratings.Count);
            Assert.Equal(await writer.VersionAsync(id), seen.Version);
        }
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task All_ratings_come_ordered_by_user_then_movie(string kind)
    {
        await using var db = new TestStores(kind);
        var store = await db.OpenInitialisedAsync();
        var a = await store.CreateUserAsync(HashA);
        await store.SetRatingAsync(a, 30, 1);
        await store.SetRatingAsync(5, 40, 2);
        await store.SetRatingAsync(a, 3, 5);

        var all = await store.AllRatingsAsync();

        Assert.Equal([(5, 40, 2f), (a, 3, 5f), (a, 30, 1f)], all.Select(r => (r.UserId, r.MovieId, r.Rating)));
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task A_database_from_a_newer_build_is_refused(string kind)
    {
        await using var db = new TestStores(kind);
        var store = await db.OpenInitialisedAsync();
        await Raw(db, $"INSERT INTO {FeedbackSchema.MigrationsTable} (version, description, applied_at) VALUES (99, 'future', 0)");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Open().InitialiseAsync(100));

        Assert.Contains("schema version 99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sqlite_file_is_created_in_its_folder_with_a_wal_journal()
    {
        await using var db = new TestStores(TestStores.Sqlite);
        await db.OpenInitialisedAsync();

        Assert.True(File.Exists(db.Target));
        await using var c = new SqliteConnection($"Data Source={db.Target}");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await cmd.ExecuteScalarAsync());
    }

    private static async Task Raw(TestStores db, string sql)
    {
        if (db.Kind == TestStores.Sqlite)
        {
            await using var c = new SqliteConnection($"Data Source={db.Target}");
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync();
        }
        else
        {
            await using var c = new Npgsql.NpgsqlConnection(db.Target);
            await c.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand(sql, c);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
