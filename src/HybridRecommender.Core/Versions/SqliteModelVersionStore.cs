using System.Data.Common;
using HybridRecommender.Core.Feedback;
using Microsoft.Data.Sqlite;

namespace HybridRecommender.Core.Versions;

/// <summary>
/// Model versions in the SQLite feedback file (bundles as blobs). The file must exist (the API creates it): a version store is
/// never the reason a database appears. Write transactions are IMMEDIATE, so one holds the write lock from its first statement.
/// </summary>
public sealed class SqliteModelVersionStore : ModelVersionStore
{
    private readonly string _connectionString;

    public SqliteModelVersionStore(string databasePath, DatabaseCallOptions? options = null) : base(options ??= new DatabaseCallOptions(), SqliteFeedbackStore.Classify)
    {
        var fullPath = Path.GetFullPath(databasePath);
        Description = $"SQLite {fullPath}";
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.Deadline.TotalSeconds)),
        }.ToString();
    }

    public override string Description { get; }
    protected override IReadOnlyList<SchemaMigration> Migrations => ModelVersionSchema.Sqlite;
    protected override string ForUpdate => "";

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(ct);
        // Per connection: a publish is on disk before it is reported.
        await ExecuteAsync(c, null, "PRAGMA synchronous=FULL;", ct);
        return c;
    }

    protected override Task LockForMigrationAsync(DbConnection c, DbTransaction tx, CancellationToken ct) => Task.CompletedTask; // the IMMEDIATE transaction is the lock

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
