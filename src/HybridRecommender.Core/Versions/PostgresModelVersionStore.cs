using System.Data.Common;
using HybridRecommender.Core.Feedback;
using Npgsql;

namespace HybridRecommender.Core.Versions;

/// <summary>Model versions in the PostgreSQL feedback database (bundles as bytea), shared by every replica.</summary>
public sealed class PostgresModelVersionStore : ModelVersionStore
{
    private readonly NpgsqlDataSource _source;

    public PostgresModelVersionStore(string connectionString, DatabaseCallOptions? options = null)
        : this(new NpgsqlConnectionStringBuilder(connectionString), options ?? new DatabaseCallOptions()) { }

    private PostgresModelVersionStore(NpgsqlConnectionStringBuilder builder, DatabaseCallOptions options) : base(options, Classify)
    {
        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        var seconds = Math.Max(1, (int)Math.Ceiling(options.Deadline.TotalSeconds));
        builder.Timeout = seconds;
        builder.CommandTimeout = seconds;
        builder.CancellationTimeout = -1;
        _source = NpgsqlDataSource.Create(builder);
    }

    private static DatabaseFault Classify(Exception e) => e is LeaseLostException ? DatabaseFault.None : PostgresFeedbackStore.Classify(e);

    public override string Description { get; }
    protected override IReadOnlyList<SchemaMigration> Migrations => ModelVersionSchema.Postgres;
    protected override string ForUpdate => " FOR UPDATE";
    protected override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _source.OpenConnectionAsync(ct);

    protected override Task LockForMigrationAsync(DbConnection c, DbTransaction tx, CancellationToken ct) =>
        ExecuteAsync(c, tx, "SELECT pg_advisory_xact_lock(7131100112);", ct);

    public override ValueTask DisposeAsync() => _source.DisposeAsync();
}
