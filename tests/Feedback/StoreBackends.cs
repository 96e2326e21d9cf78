using System.Reflection;
using HybridRecommender.Core.Feedback;
using Npgsql;
using Xunit.Sdk;

namespace HybridRecommender.Tests.Feedback;

/// <summary>Theory data "sqlite": the embedded store, always run.</summary>
public sealed class SqliteStoreAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[TestStores.Sqlite]];
}

/// <summary>Theory data "postgres": run when HR_TEST_POSTGRES holds a connection string (CI sets it), else skipped saying so.</summary>
public sealed class PostgresStoreAttribute : DataAttribute
{
    public PostgresStoreAttribute()
    {
        if (TestStores.PostgresConnectionString is null)
            Skip = $"{TestStores.PostgresVariable} is not set: no PostgreSQL to test against (.ci/run starts one and sets it).";
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[TestStores.Postgres]];
}

/// <summary>
/// Fresh, isolated databases for tests: a SQLite file in a new temp folder, or a new schema of the
/// PostgreSQL database (search_path set to it), dropped again on dispose.
/// </summary>
public sealed class TestStores : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string PostgresVariable = "HR_TEST_POSTGRES";

    public static string? PostgresConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } s ? s : null;

    private readonly List<IFeedbackStore> _opened = [];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hr-feedback-" + Guid.NewGuid().ToString("N"));
    private string? _schema;

    public TestStores(string kind) => Kind = kind;

    public string Kind { get; }

    /// <summary>What the API's configuration or --feedback would name: the SQLite file, or a connection string with the test schema.</summary>
    public string Target => Kind == Sqlite ? Path.Combine(_folder, "sub", SqliteFeedbackStore.DefaultFileName) : SchemaConnectionString();

    /// <summary>A new store object on the same database (another replica).</summary>
    public IFeedbackStore Open()
    {
        var store = FeedbackStores.Open(Target);
        _opened.Add(store);
        return store;
    }

    public async Task<IFeedbackStore> OpenInitialisedAsync(int maxReservedUserId = 100)
    {
        var store = Open();
        await store.InitialiseAsync(maxReservedUserId);
        return store;
    }

    private string SchemaConnectionString()
    {
        if (_schema is null)
        {
            _schema = "hr_test_" + Guid.NewGuid().ToString("N");
            using var c = new NpgsqlConnection(PostgresConnectionString);
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE SCHEMA {_schema}", c);
            cmd.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(PostgresConnectionString) { SearchPath = _schema }.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _opened) await s.DisposeAsync();
        if (_schema is not null)
        {
            await using var c = new NpgsqlConnection(PostgresConnectionString);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", c);
            await cmd.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* best effort: temp folder */ }
    }
}
