using Microsoft.Data.Sqlite;

namespace HybridRecommender.Core.Feedback;

/// <summary>
/// The embedded feedback store: one SQLite file, WAL journal (readers never wait for the writer),
/// <c>synchronous=FULL</c> (a commit is on disk before the call returns, so a write acknowledged
/// to a client survives a crash or power loss). Writes go through one writer loop with group
/// commit: the writes waiting when a transaction starts are applied in it, each under its own
/// savepoint (one failing write does not undo the others), and all are acknowledged after the one
/// fsync of the commit — so concurrent writers share the disk flush instead of queueing for one
/// each. Other processes (the training program reading the file) are handled by SQLite's locking.
/// Every call goes through <see cref="DatabaseCalls"/> (deadline, retries of a busy lock, 503 on an outage).
/// <para>
/// Beside the file lies <see cref="HighWaterPath"/>: the largest user id ever handed out, written before
/// the user's row commits. Its presence says "a database was created here", so a missing file is an
/// error at start (never a silent fresh start), and ids stay above it even when the file is restored
/// from an older backup. Only the first start (no file, no high-water mark) creates the database; after
/// that connections never create a file, so a file deleted while running answers 503.
/// </para>
/// </summary>
public sealed partial class SqliteFeedbackStore : IFeedbackStore, IMovieCatalogueStore
{
    public const string DefaultFileName = "feedback.db";
    public const string HighWaterSuffix = ".highwater";

    /// <summary>Writes applied in one transaction at most.</summary>
    public const int MaxGroup = 256;

    private readonly string _createConnectionString;
    private readonly string _connectionString;
    private readonly DatabaseCalls _calls;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly System.Threading.Channels.Channel<PendingWrite> _writes =
        System.Threading.Channels.Channel.CreateUnbounded<PendingWrite>(new() { SingleReader = true });
    private Task? _writer;

    private sealed record PendingWrite(Func<SqliteConnection, SqliteTransaction, Task<object>> Work, TaskCompletionSource<object> Done);

    public SqliteFeedbackStore(string databasePath, DatabaseCallOptions? options = null)
    {
        options ??= new DatabaseCallOptions();
        DatabasePath = Path.GetFullPath(databasePath);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            // How long a statement waits for another process's lock (SQLITE_BUSY after it): within the deadline.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.Deadline.TotalSeconds)),
        };
        _createConnectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWrite;
        _connectionString = builder.ToString();
        _calls = new DatabaseCalls(options, Classify);
    }

    public string DatabasePath { get; }
    public string HighWaterPath => DatabasePath + HighWaterSuffix;
    public string Description => $"SQLite {DatabasePath}";

    /// <summary>A busy or locked database is a lost race; a full disk, I/O error, missing or damaged file refuses.</summary>
    public static DatabaseFault Classify(Exception e) => e switch
    {
        SqliteException s => (s.SqliteErrorCode & 0xFF) switch
        {
            SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED => DatabaseFault.Conflict,
            SQLitePCL.raw.SQLITE_FULL or SQLitePCL.raw.SQLITE_IOERR or SQLitePCL.raw.SQLITE_CANTOPEN or SQLitePCL.raw.SQLITE_READONLY
                or SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB or SQLitePCL.raw.SQLITE_PROTOCOL => DatabaseFault.Unavailable,
            _ => DatabaseFault.None,
        },
        IOException or UnauthorizedAccessException => DatabaseFault.Unavailable, // the high-water file on a full or read-only disk
        _ => DatabaseFault.None,
    };

    public async Task InitialiseAsync(int maxReservedUserId, CancellationToken ct = default)
    {
        var folder = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        var recorded = ReadHighWater();
        if (!File.Exists(DatabasePath) && recorded is not null)
            throw new InvalidOperationException(
                $"The database file is missing, but {HighWaterPath} shows one was created here (user ids up to {recorded}). "
                + $"Restore {DatabasePath} from a backup, or delete {HighWaterPath} to start with an empty database.");
        await _writeGate.WaitAsync(ct);
        try
        {
            await using var c = new SqliteConnection(_createConnectionString);
            await c.OpenAsync(ct);
            await ExecuteAsync(c, null, "PRAGMA synchronous=FULL;", ct);
            // Pages damaged inside a valid file open fine and fail later: check them before serving.
            string check;
            try { check = await ScalarTextAsync(c, "PRAGMA quick_check;", ct); }
            catch (SqliteException e) { check = e.Message; }
            if (check != "ok")
                throw new InvalidOperationException($"PRAGMA quick_check reports damage ({check}). Restore the file from a backup.");
            // WAL is a property of the file: set once, it stays.
            await ExecuteAsync(c, null, "PRAGMA journal_mode=WAL;", ct);
            await ExecuteAsync(c, null, $"CREATE TABLE IF NOT EXISTS {FeedbackSchema.MigrationsTable} (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL);", ct);
            await using (var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct))
            {
                var current = await ScalarLongAsync(c, tx, $"SELECT COALESCE(MAX(version), 0) FROM {FeedbackSchema.MigrationsTable};", ct);
                if (current > FeedbackSchema.LatestVersion) throw new InvalidOperationException(FeedbackSchema.TooNew((int)current, Description));
                foreach (var m in FeedbackSchema.Sqlite.Where(m => m.Version > current))
                {
                    await ExecuteAsync(c, tx, m.Sql, ct);
                    await ExecuteAsync(c, tx, $"INSERT INTO {FeedbackSchema.MigrationsTable} (version, description, applied_at) VALUES ($v, $d, $t);", ct,
                        ("$v", m.Version), ("$d", m.Description), ("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                }
                // AUTOINCREMENT hands out max(sqlite_sequence.seq, max id) + 1: lifting seq to the
                // model's largest id and to the high-water mark keeps new users clear of every model id
                // and of every id ever handed out, and never lowers it.
                var floor = Math.Max(maxReservedUserId, recorded ?? 0);
                await ExecuteAsync(c, tx, """
                    UPDATE sqlite_sequence SET seq = $floor WHERE name = 'feedback_users' AND seq < $floor;
                    INSERT INTO sqlite_sequence (name, seq) SELECT 'feedback_users', $floor
                        WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'feedback_users');
                    """, ct, ("$floor", floor));
                var highWater = await ScalarLongAsync(c, tx, "SELECT seq FROM sqlite_sequence WHERE name = 'feedback_users';", ct);
                // Written before the commit: from here on a missing file is refused at start.
                if (recorded != highWater) WriteHighWater(highWater);
                await tx.CommitAsync(ct);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task<int> SchemaVersionAsync(CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            return (int)await ScalarLongAsync(c, null, $"SELECT COALESCE(MAX(version), 0) FROM {FeedbackSchema.MigrationsTable};", ct);
        }, ct);

    public Task<int> CreateUserAsync(byte[] tokenHash, CancellationToken ct = default) =>
        WriteAsync(async (c, tx) =>
        {
            var id = (int)await ScalarLongAsync(c, tx,
                "INSERT INTO feedback_users (token_hash, version, created_at) VALUES ($h, 1, $t) RETURNING id;", CancellationToken.None,
                ("$h", tokenHash), ("$t", Now()));
            // On disk before the row commits: a restored older file can never hand this id out again.
            // Read back rather than cached: another process on the same file may have raised it (the
            // transaction's write lock keeps the read and the write together).
            if (id > (ReadHighWater() ?? 0)) WriteHighWater(id);
            return id;
        }, ct);

    public Task<FeedbackUser?> FindUserAsync(int userId, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await using var cmd = Command(c, null, "SELECT id, token_hash, version FROM feedback_users WHERE id = $u;", ("$u", userId));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return null;
            return new FeedbackUser(r.GetInt32(0), r.IsDBNull(1) ? null : (byte[])r.GetValue(1), r.GetInt64(2));
        }, ct);

    public Task<int?> FindUserIdByTokenHashAsync(byte[] tokenHash, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await using var cmd = Command(c, null, "SELECT id FROM feedback_users WHERE token_hash = $h;", ("$h", tokenHash));
            return await cmd.ExecuteScalarAsync(ct) is long id ? (int)id : (int?)null;
        }, ct);

    public Task SetRatingAsync(int userId, int movieId, float rating, CancellationToken ct = default) =>
        WriteAsync(async (c, tx) =>
        {
            var now = Now();
            // Same order as every write (user row, then rating row); the one writer loop serialises them anyway.
            await ExecuteAsync(c, tx, """
                INSERT INTO feedback_users (id, token_hash, version, created_at) VALUES ($u, NULL, 1, $t)
                    ON CONFLICT (id) DO UPDATE SET version = version + 1;
                INSERT INTO feedback_ratings (user_id, movie_id, rating, updated_at) VALUES ($u, $m, $r, $t)
                    ON CONFLICT (user_id, movie_id) DO UPDATE SET rating = excluded.rating, updated_at = excluded.updated_at;
                """ + BumpCatalogueForMovie, CancellationToken.None, ("$u", userId), ("$m", movieId), ("$r", (double)rating), ("$t", now));
            return 0;
        }, ct);

    public Task<bool> DeleteRatingAsync(int userId, int movieId, CancellationToken ct = default) =>
        WriteAsync(async (c, tx) =>
        {
            var deleted = await ExecuteAsync(c, tx, "DELETE FROM feedback_ratings WHERE user_id = $u AND movie_id = $m;", CancellationToken.None, ("$u", userId), ("$m", movieId));
            if (deleted == 0) return false;
            await ExecuteAsync(c, tx, "UPDATE feedback_users SET version = version + 1 WHERE id = $u;" + BumpCatalogueForMovie, CancellationToken.None, ("$u", userId), ("$m", movieId));
            return true;
        }, ct);

    public Task<long> VersionAsync(int userId, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await using var cmd = Command(c, null, "SELECT version FROM feedback_users WHERE id = $u;", ("$u", userId));
            return await cmd.ExecuteScalarAsync(ct) is long v ? v : 0;
        }, ct);

    public Task<UserRatingsSnapshot> RatingsAsync(int userId, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            // One statement: the version and the ratings come from the same snapshot.
            await using var cmd = Command(c, null, """
                SELECT u.version, r.movie_id, r.rating, r.updated_at
                FROM feedback_users u LEFT JOIN feedback_ratings r ON r.user_id = u.id
                WHERE u.id = $u ORDER BY r.movie_id;
                """, ("$u", userId));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            long version = 0;
            var ratings = new List<FeedbackRating>();
            while (await reader.ReadAsync(ct))
            {
                version = reader.GetInt64(0);
                if (!reader.IsDBNull(1)) ratings.Add(new FeedbackRating(userId, reader.GetInt32(1), (float)reader.GetDouble(2), reader.GetInt64(3)));
            }
            return new UserRatingsSnapshot(version, ratings);
        }, ct);

    public Task<IReadOnlyList<FeedbackRating>> AllRatingsAsync(CancellationToken ct = default) =>
        _calls.RunAsync<IReadOnlyList<FeedbackRating>>(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await using var cmd = Command(c, null, "SELECT user_id, movie_id, rating, updated_at FROM feedback_ratings ORDER BY user_id, movie_id;");
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var all = new List<FeedbackRating>();
            while (await r.ReadAsync(ct)) all.Add(new FeedbackRating(r.GetInt32(0), r.GetInt32(1), (float)r.GetDouble(2), r.GetInt64(3)));
            return all;
        }, ct);

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        if (_writer is not null) await _writer; // every queued write is committed before the store goes
    }

    // A write runs in the writer loop with CancellationToken.None: once queued it is finished rather
    // than abandoned (the client may retry, and PUT/DELETE are idempotent). The caller stops waiting at
    // the deadline, so a 503 on a write means "outcome unknown".
    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct) =>
        _calls.RunAsync(async ct =>
        {
            ct.ThrowIfCancellationRequested();
            EnsureWriter();
            var pending = new PendingWrite(async (c, tx) => (object)(await work(c, tx))!, new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously));
            await _writes.Writer.WriteAsync(pending, CancellationToken.None);
            return (T)await pending.Done.Task.WaitAsync(ct);
        }, ct);

    private void EnsureWriter()
    {
        if (_writer is not null) return;
        lock (_writes)
            _writer ??= Task.Run(WriterLoopAsync);
    }

    private async Task WriterLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxGroup);
        while (await _writes.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxGroup && _writes.Reader.TryRead(out var w)) batch.Add(w);
            if (batch.Count == 0) continue;
            await _writeGate.WaitAsync();
            var results = new (object? Value, Exception? Error)[batch.Count];
            try
            {
                await using var c = await OpenAsync(CancellationToken.None);
                await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(); // BEGIN IMMEDIATE: the write lock up front
                for (var i = 0; i < batch.Count; i++)
                {
                    await ExecuteAsync(c, tx, "SAVEPOINT w;", CancellationToken.None);
                    try
                    {
                        results[i] = (await batch[i].Work(c, tx), null);
                        await ExecuteAsync(c, tx, "RELEASE w;", CancellationToken.None);
                    }
                    catch (SqliteException e)
                    {
                        results[i] = (null, e);
                        await ExecuteAsync(c, tx, "ROLLBACK TO w; RELEASE w;", CancellationToken.None);
                    }
                }
                await tx.CommitAsync();
            }
            catch (Exception e)
            {
                foreach (var w in batch) w.Done.TrySetException(e); // nothing of the group was committed
                continue;
            }
            finally
            {
                _writeGate.Release();
            }
            // Acknowledged only now that the commit (and its fsync) is done.
            for (var i = 0; i < batch.Count; i++)
            {
                if (results[i].Error is { } error) batch[i].Done.TrySetException(error);
                else batch[i].Done.TrySetResult(results[i].Value!);
            }
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        // A file deleted under a running server: pooled connections would go on writing to the unlinked
        // file (lost at the next start), and a new connection cannot create one (Mode=ReadWrite). Refuse.
        if (!File.Exists(DatabasePath))
        {
            using (var pooled = new SqliteConnection(_connectionString)) SqliteConnection.ClearPool(pooled);
            throw new FeedbackUnavailableException(FeedbackUnavailableException.Missing);
        }
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(ct);
        // Per connection: pooled connections keep it, but a fresh one starts at the default (FULL in WAL is what makes commits durable).
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA synchronous=FULL;";
        await cmd.ExecuteNonQueryAsync(ct);
        return c;
    }

    private long? ReadHighWater()
    {
        if (!File.Exists(HighWaterPath)) return null;
        var text = File.ReadAllText(HighWaterPath).Trim();
        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"{HighWaterPath} should hold the largest user id handed out, but holds '{(text.Length > 20 ? text[..20] : text)}'.");
    }

    private void WriteHighWater(long id) =>
        IO.AtomicFile.Write(HighWaterPath, s => s.Write(System.Text.Encoding.ASCII.GetBytes(id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n")));

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        return cmd;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection c, SqliteTransaction? tx, string sql, CancellationToken ct, params (string, object)[] args)
    {
        await using var cmd = Command(c, tx, sql, args);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ScalarLongAsync(SqliteConnection c, SqliteTransaction? tx, string sql, CancellationToken ct, params (string, object)[] args)
    {
        await using var cmd = Command(c, tx, sql, args);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> ScalarTextAsync(SqliteConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = Command(c, null, sql);
        return Convert.ToString(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    public Task<bool> DeleteUserAsync(int userId, CancellationToken ct = default) =>
        WriteAsync(async (c, tx) =>
        {
            await using var find = Command(c, tx, "SELECT token_hash IS NULL FROM feedback_users WHERE id = $u;", ("$u", userId));
            if (await find.ExecuteScalarAsync(CancellationToken.None) is not long tokenless) return false;
            await ExecuteAsync(c, tx, BumpCatalogueForUser + "DELETE FROM feedback_ratings WHERE user_id = $u;", CancellationToken.None, ("$u", userId));
            await ExecuteAsync(c, tx, tokenless == 1
                ? "UPDATE feedback_users SET version = version + 1 WHERE id = $u;"
                : "DELETE FROM feedback_users WHERE id = $u;", CancellationToken.None, ("$u", userId));
            return true;
        }, ct);

    public Task<bool> RotateTokenAsync(int userId, byte[] newTokenHash, byte[]? currentTokenHash, CancellationToken ct = default) =>
        WriteAsync(async (c, tx) => currentTokenHash is null
            ? await ExecuteAsync(c, tx, "UPDATE feedback_users SET token_hash = $n WHERE id = $u AND token_hash IS NOT NULL;", CancellationToken.None,
                ("$u", userId), ("$n", newTokenHash)) == 1
            : await ExecuteAsync(c, tx, "UPDATE feedback_users SET token_hash = $n WHERE id = $u AND token_hash = $o;", CancellationToken.None,
                ("$u", userId), ("$n", newTokenHash), ("$o", currentTokenHash)) == 1, ct);
}
