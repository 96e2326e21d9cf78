using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using HybridRecommender.Core.Feedback;

namespace HybridRecommender.Core.Versions;

/// <summary>
/// <see cref="IModelVersionStore"/> in SQL both dialects share (ADO.NET); the two subclasses open connections, give their
/// migrations and how a transaction locks a row. Times are Unix milliseconds of the caller's clock (one machine, or clocks kept in step by NTP:
/// the lease's length dwarfs their skew).
/// </summary>
public abstract class ModelVersionStore : IModelVersionStore
{
    private readonly DatabaseCalls _calls;

    protected ModelVersionStore(DatabaseCallOptions options, Func<Exception, DatabaseFault> classify) => _calls = new DatabaseCalls(options, classify);

    /// <summary>The version store in the database a feedback setting names (a PostgreSQL connection string, or the SQLite file).</summary>
    public static IModelVersionStore Open(string target, DatabaseCallOptions? options = null) =>
        FeedbackStores.IsConnectionString(target) ? new PostgresModelVersionStore(target, options) : new SqliteModelVersionStore(target, options);

    public abstract string Description { get; }
    protected abstract IReadOnlyList<SchemaMigration> Migrations { get; }
    /// <summary>Appended to a SELECT in a transaction that will update the row: PostgreSQL's row lock; nothing in SQLite, whose write transaction already excludes every other writer.</summary>
    protected abstract string ForUpdate { get; }
    protected abstract Task<DbConnection> OpenAsync(CancellationToken ct);
    /// <summary>Keeps replicas and workers starting together from migrating at once (inside the migration's transaction).</summary>
    protected abstract Task LockForMigrationAsync(DbConnection c, DbTransaction tx, CancellationToken ct);
    public abstract ValueTask DisposeAsync();

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private static DateTimeOffset Time(object value) => DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, CultureInfo.InvariantCulture));

    public Task InitialiseAsync(CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            await LockForMigrationAsync(c, tx, ct);
            await ExecuteAsync(c, tx, $"CREATE TABLE IF NOT EXISTS {ModelVersionSchema.MigrationsTable} (version integer PRIMARY KEY, description text NOT NULL, applied_at bigint NOT NULL);", ct);
            var current = Convert.ToInt32(await ScalarAsync(c, tx, $"SELECT COALESCE(MAX(version), 0) FROM {ModelVersionSchema.MigrationsTable};", ct), CultureInfo.InvariantCulture);
            if (current > ModelVersionSchema.LatestVersion)
                throw new InvalidOperationException($"The model version tables in {Description} have schema version {current}; this build knows versions up to {ModelVersionSchema.LatestVersion}. Run a newer build.");
            foreach (var m in Migrations.Where(m => m.Version > current))
            {
                await ExecuteAsync(c, tx, m.Sql, ct);
                await ExecuteAsync(c, tx, $"INSERT INTO {ModelVersionSchema.MigrationsTable} (version, description, applied_at) VALUES (@v, @d, @t);", ct,
                    ("v", m.Version), ("d", m.Description), ("t", Now()));
            }
            if (current == 0)
                // The lease row exists from the start, so a worker always has a row to lock (two first workers cannot both insert it).
                await ExecuteAsync(c, tx, "INSERT INTO model_worker_lease (id, owner, expires_at) VALUES (1, '', 0);", ct);
            await tx.CommitAsync(ct);
        }, ct);

    public Task<CurrentVersion?> CurrentAsync(CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await using var cmd = Command(c, null, "SELECT cur.version, v.sha256, cur.changed_at FROM model_current cur LEFT JOIN model_versions v ON v.version = cur.version WHERE cur.id = 1;");
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return null;
            return new CurrentVersion(r.IsDBNull(0) ? null : Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture),
                r.IsDBNull(1) ? null : r.GetString(1), Time(r.GetValue(2)));
        }, ct);

    private const string VersionColumns = "version, created_at, sha256, bytes, promoted_at, info";

    public Task<IReadOnlyList<ModelVersion>> ListAsync(CancellationToken ct = default) =>
        _calls.RunAsync<IReadOnlyList<ModelVersion>>(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await using var cmd = Command(c, null, $"SELECT {VersionColumns} FROM model_versions ORDER BY version DESC;");
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var all = new List<ModelVersion>();
            while (await r.ReadAsync(ct)) all.Add(ReadVersion(r));
            return all;
        }, ct);

    public Task<ModelVersion?> FindAsync(int version, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await using var cmd = Command(c, null, $"SELECT {VersionColumns} FROM model_versions WHERE version = @v;", ("v", version));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            return await r.ReadAsync(ct) ? ReadVersion(r) : null;
        }, ct);

    private static ModelVersion ReadVersion(DbDataReader r) => new(
        Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), Time(r.GetValue(1)), r.GetString(2),
        Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture), r.IsDBNull(4) ? null : Time(r.GetValue(4)),
        JsonSerializer.Deserialize<ModelVersionInfo>(r.GetString(5), Bundle.ModelBundle.Json)!);

    public Task<byte[]> BundleAsync(int version, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            return await ScalarAsync(c, null, "SELECT bundle FROM model_versions WHERE version = @v;", ct, ("v", version)) as byte[]
                ?? throw new KeyNotFoundException($"There is no model version {version} in {Description}.");
        }, ct);

    public Task<LeaseHolder?> TryAcquireLeaseAsync(string owner, TimeSpan ttl, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            LeaseHolder? holder = null;
            await using (var cmd = Command(c, tx, $"SELECT owner, expires_at FROM model_worker_lease WHERE id = 1{ForUpdate};"))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                if (await r.ReadAsync(ct) && r.GetString(0) != owner && Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture) > Now())
                    holder = new LeaseHolder(r.GetString(0), Time(r.GetValue(1)));
            if (holder is null)
                await ExecuteAsync(c, tx, "UPDATE model_worker_lease SET owner = @o, expires_at = @e WHERE id = 1;", ct, ("o", owner), ("e", Now() + (long)ttl.TotalMilliseconds));
            await tx.CommitAsync(ct);
            return holder;
        }, ct);

    public Task<bool> RenewLeaseAsync(string owner, TimeSpan ttl, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            var now = Now();
            return await ExecuteAsync(c, null, "UPDATE model_worker_lease SET expires_at = @e WHERE id = 1 AND owner = @o AND expires_at > @now;", ct,
                ("e", now + (long)ttl.TotalMilliseconds), ("o", owner), ("now", now)) == 1;
        }, ct);

    public Task ReleaseLeaseAsync(string owner, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await ExecuteAsync(c, null, "UPDATE model_worker_lease SET expires_at = 0 WHERE id = 1 AND owner = @o;", ct, ("o", owner));
        }, ct);

    public Task<int> PublishAsync(string owner, byte[] bundle, ModelVersionInfo info, bool makeCurrent, DateTimeOffset startedAt, CancellationToken ct = default)
    {
        var sha = ModelBundleArchive.Sha256(bundle);
        var infoJson = JsonSerializer.Serialize(info, Bundle.ModelBundle.Json);
        return _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var now = Now();
            // The fence: this worker's lease, unexpired, locked (PostgreSQL) or under the write lock (SQLite) until the commit.
            if (await ExecuteAsync(c, tx, "UPDATE model_worker_lease SET expires_at = expires_at WHERE id = 1 AND owner = @o AND expires_at > @now;", ct,
                    ("o", owner), ("now", now)) != 1)
                throw new LeaseLostException($"The worker lease of {owner} expired or was taken before publishing; nothing was written.");
            // A retried call whose first commit went through but whose answer was lost finds its own version.
            if (await ScalarAsync(c, tx, "SELECT version FROM model_versions WHERE sha256 = @s;", ct, ("s", sha)) is { } existing and not DBNull)
                return Convert.ToInt32(existing, CultureInfo.InvariantCulture);
            var version = Convert.ToInt32(await ScalarAsync(c, tx, "SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions;", ct), CultureInfo.InvariantCulture);
            await ExecuteAsync(c, tx, "INSERT INTO model_versions (version, created_at, sha256, bytes, promoted_at, info, bundle) VALUES (@v, @t, @s, @n, @p, @i, @b);", ct,
                ("v", version), ("t", now), ("s", sha), ("n", (long)bundle.Length), ("p", makeCurrent ? now : null), ("i", infoJson), ("b", bundle));
            if (makeCurrent) await SetCurrentAsync(c, tx, version, now, ct);
            await ExecuteAsync(c, tx, "INSERT INTO model_retrains (started_at, finished_at, outcome, version, detail) VALUES (@s, @f, @o, @v, @d);", ct,
                ("s", startedAt.ToUnixTimeMilliseconds()), ("f", now), ("o", makeCurrent ? RetrainOutcomes.Promoted : RetrainOutcomes.Kept), ("v", version), ("d", info.Gate.Reason));
            await tx.CommitAsync(ct);
            return version;
        }, ct);
    }

    public Task RecordRetrainAsync(RetrainRecord record, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await ExecuteAsync(c, null, "INSERT INTO model_retrains (started_at, finished_at, outcome, version, detail) VALUES (@s, @f, @o, @v, @d);", ct,
                ("s", record.StartedAt.ToUnixTimeMilliseconds()), ("f", record.FinishedAt.ToUnixTimeMilliseconds()), ("o", record.Outcome), ("v", record.Version), ("d", record.Detail));
        }, ct);

    public Task<RetrainRecord?> LastRetrainAsync(CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await using var cmd = Command(c, null, "SELECT started_at, finished_at, outcome, version, detail FROM model_retrains ORDER BY id DESC LIMIT 1;");
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return null;
            return new RetrainRecord(Time(r.GetValue(0)), Time(r.GetValue(1)), r.GetString(2),
                r.IsDBNull(3) ? null : Convert.ToInt32(r.GetValue(3), CultureInfo.InvariantCulture), r.GetString(4));
        }, ct);

    public Task PromoteAsync(int version, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var now = Now();
            if (await ExecuteAsync(c, tx, "UPDATE model_versions SET promoted_at = COALESCE(promoted_at, @t) WHERE version = @v;", ct, ("t", now), ("v", version)) != 1)
                throw new KeyNotFoundException($"There is no model version {version} in {Description}; `models list` shows the stored ones.");
            await SetCurrentAsync(c, tx, version, now, ct);
            await tx.CommitAsync(ct);
        }, ct);

    public Task<int?> RollbackAsync(CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var current = await ScalarAsync(c, tx, $"SELECT version FROM model_current WHERE id = 1{ForUpdate};", ct);
            if (current is null or DBNull)
                throw new InvalidOperationException($"Nothing to roll back in {Description}: no stored version is current, replicas serve their configured folder.");
            var previous = await ScalarAsync(c, tx, "SELECT MAX(version) FROM model_versions WHERE promoted_at IS NOT NULL AND version < @v;", ct, ("v", current));
            int? target = previous is null or DBNull ? null : Convert.ToInt32(previous, CultureInfo.InvariantCulture);
            await SetCurrentAsync(c, tx, target, Now(), ct);
            await tx.CommitAsync(ct);
            return target;
        }, ct);

    private static Task<int> SetCurrentAsync(DbConnection c, DbTransaction tx, int? version, long now, CancellationToken ct) =>
        ExecuteAsync(c, tx, """
            INSERT INTO model_current (id, version, changed_at) VALUES (1, @v, @t)
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
            """, ct, ("v", version), ("t", now));

    protected static DbCommand Command(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value ?? DBNull.Value;
            if (value is null) p.DbType = System.Data.DbType.Int64; // the only nullable parameters are numbers
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    protected static async Task<int> ExecuteAsync(DbConnection c, DbTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] args)
    {
        await using var cmd = Command(c, tx, sql, args);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    protected static async Task<object?> ScalarAsync(DbConnection c, DbTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] args)
    {
        await using var cmd = Command(c, tx, sql, args);
        return await cmd.ExecuteScalarAsync(ct);
    }
}
