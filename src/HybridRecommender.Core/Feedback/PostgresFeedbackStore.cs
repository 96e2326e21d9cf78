using Npgsql;

namespace HybridRecommender.Core.Feedback;

/// <summary>
/// The feedback store on PostgreSQL, for several API replicas sharing one database. Every
/// statement runs in autocommit or its own transaction, and reads go to the database every time,
/// so a write through one replica is seen by the next read through any other. User ids come from
/// a sequence (atomic across replicas, never lowered: the high-water mark of ids handed out).
/// PostgreSQL's defaults (fsync on, synchronous_commit on) make a commit durable before it is acknowledged.
/// Lock order, for every write: the user's row first, then their rating rows — so two writers of one
/// user queue on the user row instead of deadlocking. Every call goes through <see cref="DatabaseCalls"/>
/// (deadline, retries of deadlocks and dropped connections, 503 on an outage).
/// </summary>
public sealed partial class PostgresFeedbackStore : IFeedbackStore, IMovieCatalogueStore
{
    private readonly NpgsqlDataSource _source;
    /// <summary>Used once, by <see cref="InitialiseAsync"/>: its limits are the start-up timeout, not a request's deadline.</summary>
    private readonly NpgsqlDataSource _startupSource;
    private readonly DatabaseCalls _calls;

    public PostgresFeedbackStore(string connectionString, DatabaseCallOptions? options = null)
    {
        options ??= new DatabaseCallOptions();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        // The driver's own limits back up the deadline; -1: on a cancelled command, drop the connection
        // at once rather than wait for a frozen server to confirm the cancellation.
        var seconds = Math.Max(1, (int)Math.Ceiling(options.Deadline.TotalSeconds));
        builder.Timeout = seconds;
        builder.CommandTimeout = seconds;
        builder.CancellationTimeout = -1;
        _source = NpgsqlDataSource.Create(builder);
        var startupSeconds = Math.Max(seconds, (int)Math.Ceiling(options.StartupTimeout.TotalSeconds));
        _startupSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Timeout = startupSeconds, CommandTimeout = startupSeconds });
        _calls = new DatabaseCalls(options, Classify);
    }

    public string Description { get; }

    /// <summary>Deadlock, serialization failure and lock timeouts are lost races; connection errors and shutdowns are outages; a full disk refuses.</summary>
    public static DatabaseFault Classify(Exception e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.LockNotAvailable } => DatabaseFault.Conflict,
        PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } => DatabaseFault.Connection, // a statement that ran out of time
        PostgresException { SqlState: PostgresErrorCodes.DiskFull or PostgresErrorCodes.OutOfMemory or PostgresErrorCodes.InsufficientResources } => DatabaseFault.Unavailable,
        PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState.StartsWith("53", StringComparison.Ordinal) => DatabaseFault.Connection,
        PostgresException => DatabaseFault.None, // a statement the server rejects is a bug, not an outage
        NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException => DatabaseFault.Connection,
        _ => DatabaseFault.None,
    };

    public async Task InitialiseAsync(int maxReservedUserId, CancellationToken ct = default)
    {
        await using var c = await _startupSource.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // Replicas starting together: one migrates, the others wait here and then find nothing to do.
        await ExecuteAsync(c, tx, "SELECT pg_advisory_xact_lock(7131100111);", ct);
        await ExecuteAsync(c, tx, $"CREATE TABLE IF NOT EXISTS {FeedbackSchema.MigrationsTable} (version integer PRIMARY KEY, description text NOT NULL, applied_at bigint NOT NULL);", ct);
        var current = (int)await ScalarLongAsync(c, tx, $"SELECT COALESCE(MAX(version), 0) FROM {FeedbackSchema.MigrationsTable};", ct);
        if (current > FeedbackSchema.LatestVersion) throw new InvalidOperationException(FeedbackSchema.TooNew(current, Description));
        foreach (var m in FeedbackSchema.Postgres.Where(m => m.Version > current))
        {
            await ExecuteAsync(c, tx, m.Sql, ct);
            await ExecuteAsync(c, tx, $"INSERT INTO {FeedbackSchema.MigrationsTable} (version, description, applied_at) VALUES (@v, @d, @t);", ct,
                ("v", m.Version), ("d", m.Description), ("t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        }
        // Lift the sequence above the model's ids, never lower it. The table lock holds back every
        // other replica's user insert (and so its nextval) until this commits, so the check and
        // setval cannot interleave with an allocation.
        await ExecuteAsync(c, tx, "LOCK TABLE feedback_users IN EXCLUSIVE MODE;", ct);
        await ExecuteAsync(c, tx, """
            SELECT setval('feedback_user_id_seq', @floor, true)
            WHERE (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM feedback_user_id_seq) < @floor;
            """, ct, ("floor", maxReservedUserId));
        await tx.CommitAsync(ct);
    }

    public Task<int> SchemaVersionAsync(CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            return (int)await ScalarLongAsync(c, null, $"SELECT COALESCE(MAX(version), 0) FROM {FeedbackSchema.MigrationsTable};", ct);
        }, ct);

    public Task<int> CreateUserAsync(byte[] tokenHash, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            return (int)await ScalarLongAsync(c, null,
                "INSERT INTO feedback_users (id, token_hash, version, created_at) VALUES (nextval('feedback_user_id_seq'), @h, 1, @t) RETURNING id;", ct,
                ("h", tokenHash), ("t", Now()));
        }, ct);

    public Task<FeedbackUser?> FindUserAsync(int userId, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            await using var cmd = Command(c, null, "SELECT id, token_hash, version FROM feedback_users WHERE id = @u;", ("u", userId));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return null;
            return new FeedbackUser(r.GetInt32(0), r.IsDBNull(1) ? null : (byte[])r.GetValue(1), r.GetInt64(2));
        }, ct);

    public Task<int?> FindUserIdByTokenHashAsync(byte[] tokenHash, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            await using var cmd = Command(c, null, "SELECT id FROM feedback_users WHERE token_hash = @h;", ("h", tokenHash));
            return await cmd.ExecuteScalarAsync(ct) is int id ? id : (int?)null;
        }, ct);

    public Task SetRatingAsync(int userId, int movieId, float rating, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            // The version bump and the rating commit together. The user row is locked first (its upsert feeds the
            // rating's), then the rating row, then (a rating of an added movie) the catalogue row.
            await ExecuteAsync(c, tx, """
                WITH u AS (
                    INSERT INTO feedback_users (id, token_hash, version, created_at) VALUES (@u, NULL, 1, @t)
                    ON CONFLICT (id) DO UPDATE SET version = feedback_users.version + 1
                    RETURNING id)
                INSERT INTO feedback_ratings (user_id, movie_id, rating, updated_at) SELECT id, @m, @r, @t FROM u
                ON CONFLICT (user_id, movie_id) DO UPDATE SET rating = excluded.rating, updated_at = excluded.updated_at;
                """, ct, ("u", userId), ("m", movieId), ("r", rating), ("t", Now()));
            await ExecuteAsync(c, tx, BumpCatalogueForMovie, ct, ("m", movieId));
            await tx.CommitAsync(ct);
        }, ct);

    public Task<bool> DeleteRatingAsync(int userId, int movieId, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            // Same lock order as SetRatingAsync: the user row, then the rating row (deleting it first
            // and bumping the version after would take them in reverse, and deadlock against a PUT).
            await ExecuteAsync(c, tx, "SELECT 1 FROM feedback_users WHERE id = @u FOR UPDATE;", ct, ("u", userId));
            var deleted = await ExecuteAsync(c, tx, "DELETE FROM feedback_ratings WHERE user_id = @u AND movie_id = @m;", ct, ("u", userId), ("m", movieId));
            if (deleted > 0)
            {
                await ExecuteAsync(c, tx, "UPDATE feedback_users SET version = version + 1 WHERE id = @u;", ct, ("u", userId));
                await ExecuteAsync(c, tx, BumpCatalogueForMovie, ct, ("m", movieId));
            }
            await tx.CommitAsync(ct);
            return deleted > 0;
        }, ct);

    public Task<long> VersionAsync(int userId, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            await using var cmd = Command(c, null, "SELECT version FROM feedback_users WHERE id = @u;", ("u", userId));
            return await cmd.ExecuteScalarAsync(ct) is long v ? v : 0;
        }, ct);

    public Task<UserRatingsSnapshot> RatingsAsync(int userId, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            await using var cmd = Command(c, null, """
                SELECT u.version, r.movie_id, r.rating, r.updated_at
                FROM feedback_users u LEFT JOIN feedback_ratings r ON r.user_id = u.id
                WHERE u.id = @u ORDER BY r.movie_id;
                """, ("u", userId));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            long version = 0;
            var ratings = new List<FeedbackRating>();
            while (await reader.ReadAsync(ct))
            {
                version = reader.GetInt64(0);
                if (!reader.IsDBNull(1)) ratings.Add(new FeedbackRating(userId, reader.GetInt32(1), reader.GetFloat(2), reader.GetInt64(3)));
            }
            return new UserRatingsSnapshot(version, ratings);
        }, ct);

    public Task<IReadOnlyList<FeedbackRating>> AllRatingsAsync(CancellationToken ct = default) =>
        _calls.RunAsync<IReadOnlyList<FeedbackRating>>(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            await using var cmd = Command(c, null, "SELECT user_id, movie_id, rating, updated_at FROM feedback_ratings ORDER BY user_id, movie_id;");
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var all = new List<FeedbackRating>();
            while (await r.ReadAsync(ct)) all.Add(new FeedbackRating(r.GetInt32(0), r.GetInt32(1), r.GetFloat(2), r.GetInt64(3)));
            return all;
        }, ct);

    public async ValueTask DisposeAsync()
    {
        await _startupSource.DisposeAsync();
        await _source.DisposeAsync();
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params (string Name, object Value)[] args)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        return cmd;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string, object)[] args)
    {
        await using var cmd = Command(c, tx, sql, args);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ScalarLongAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string, object)[] args)
    {
        await using var cmd = Command(c, tx, sql, args);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<bool> DeleteUserAsync(int userId, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            // Lock order of every write path: the user row, then the rating rows.
            await using var find = Command(c, tx, "SELECT token_hash IS NULL FROM feedback_users WHERE id = @u FOR UPDATE;", ("u", userId));
            if (await find.ExecuteScalarAsync(ct) is not bool tokenless) return false;
            await ExecuteAsync(c, tx, BumpCatalogueForUser, ct, ("u", userId));
            await ExecuteAsync(c, tx, "DELETE FROM feedback_ratings WHERE user_id = @u;", ct, ("u", userId));
            await ExecuteAsync(c, tx, tokenless
                ? "UPDATE feedback_users SET version = version + 1 WHERE id = @u;"
                : "DELETE FROM feedback_users WHERE id = @u;", ct, ("u", userId));
            await tx.CommitAsync(ct);
            return true;
        }, ct);

    public Task<bool> RotateTokenAsync(int userId, byte[] newTokenHash, byte[]? currentTokenHash, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            return currentTokenHash is null
                ? await ExecuteAsync(c, null, "UPDATE feedback_users SET token_hash = @n WHERE id = @u AND token_hash IS NOT NULL;", ct,
                    ("u", userId), ("n", newTokenHash)) == 1
                : await ExecuteAsync(c, null, "UPDATE feedback_users SET token_hash = @n WHERE id = @u AND token_hash = @o;", ct,
                    ("u", userId), ("n", newTokenHash), ("o", currentTokenHash)) == 1;
        }, ct);
}
