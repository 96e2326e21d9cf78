using HybridRecommender.Core.Feedback;
using Microsoft.Data.Sqlite;

namespace HybridRecommender.Tests.Feedback;

/// <summary>The SQLite file's lifecycle: created once, never silently again; damage refused at start; ids never reused.</summary>
public sealed class SqliteFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hr-sqlite-file-" + Guid.NewGuid().ToString("N"));
    private string DbPath => Path.Combine(_folder, SqliteFeedbackStore.DefaultFileName);
    private static byte[] Hash(int i) => BitConverter.GetBytes(i).Concat(new byte[28]).ToArray();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private async Task<SqliteFeedbackStore> OpenAsync(int maxReserved = 100)
    {
        var store = new SqliteFeedbackStore(DbPath, new DatabaseCallOptions { Deadline = TimeSpan.FromSeconds(5) });
        await store.InitialiseAsync(maxReserved);
        return store;
    }

    [Fact]
    public async Task After_the_first_start_a_missing_file_refuses_to_start_with_one_line()
    {
        await using (var store = await OpenAsync()) await store.CreateUserAsync(Hash(1));
        SqliteConnection.ClearAllPools();
        File.Delete(DbPath);

        var store2 = new SqliteFeedbackStore(DbPath);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store2.InitialiseAsync(100));

        Assert.Contains("missing", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(File.Exists(DbPath)); // nothing created in its place
    }

    [Fact]
    public async Task A_file_deleted_while_running_is_unavailable_and_not_recreated()
    {
        await using var store = await OpenAsync();
        var id = await store.CreateUserAsync(Hash(1));
        File.Delete(DbPath);

        var read = await Assert.ThrowsAsync<FeedbackUnavailableException>(() => store.VersionAsync(id));
        var write = await Assert.ThrowsAsync<FeedbackUnavailableException>(() => store.SetRatingAsync(id, 1, 4));

        Assert.Equal(FeedbackUnavailableException.Missing, read.Reason);
        Assert.Equal(FeedbackUnavailableException.Missing, write.Reason);
        Assert.DoesNotContain(_folder, read.Message);
        Assert.False(File.Exists(DbPath));
    }

    [Fact]
    public async Task Ids_handed_out_after_a_backup_are_not_handed_out_again_when_it_is_restored()
    {
        var backup = Path.Combine(_folder, "backup.db");
        await using (var store = await OpenAsync())
        {
            await store.CreateUserAsync(Hash(1));
            await using (var c = new SqliteConnection($"Data Source={DbPath}"))
            {
                await c.OpenAsync();
                await using var cmd = c.CreateCommand();
                cmd.CommandText = $"VACUUM INTO '{backup}';";
                await cmd.ExecuteNonQueryAsync();
            }
            Assert.Equal(102, await store.CreateUserAsync(Hash(2)));
        }
        SqliteConnection.ClearAllPools();
        File.Delete(DbPath + "-wal");
        File.Delete(DbPath + "-shm");
        File.Copy(backup, DbPath, overwrite: true);

        await using var restored = await OpenAsync();
        Assert.Null(await restored.FindUserAsync(102)); // the backup predates it
        Assert.Equal(103, await restored.CreateUserAsync(Hash(3)));
    }

    [Fact]
    public async Task Pages_damaged_inside_a_valid_file_refuse_to_start()
    {
        await using (var store = await OpenAsync())
        {
            for (var i = 0; i < 300; i++) await store.SetRatingAsync(7, i, 3);
        }
        SqliteConnection.ClearAllPools();
        await using (var c = new SqliteConnection($"Data Source={DbPath}"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
            await cmd.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        // Scribble over the last page (a b-tree page of the ratings), leaving the header (page 1) intact.
        var bytes = await File.ReadAllBytesAsync(DbPath);
        var pageSize = (bytes[16] << 8) | bytes[17];
        for (var i = bytes.Length - pageSize; i < bytes.Length; i++) bytes[i] = 0x5A;
        await File.WriteAllBytesAsync(DbPath, bytes);

        var damaged = new SqliteFeedbackStore(DbPath);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => damaged.InitialiseAsync(100));
        Assert.Contains("quick_check", e.Message + (e as SqliteException)?.Message);
    }
}
