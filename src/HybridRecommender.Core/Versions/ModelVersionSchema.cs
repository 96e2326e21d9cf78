using HybridRecommender.Core.Feedback;

namespace HybridRecommender.Core.Versions;

/// <summary>
/// The version tables, as their own migrations (own table of applied versions) so they evolve apart from the feedback schema.
/// Prefixed <c>model_</c>. Never edit a shipped migration: append one.
/// </summary>
public static class ModelVersionSchema
{
    public const string MigrationsTable = "model_schema_migrations";

    public static readonly IReadOnlyList<SchemaMigration> Sqlite =
    [
        new(1, "versions, current version, worker lease, retraining log", """
            CREATE TABLE model_versions (
                version      INTEGER PRIMARY KEY,
                created_at   INTEGER NOT NULL,
                sha256       TEXT    NOT NULL,
                bytes        INTEGER NOT NULL,
                promoted_at  INTEGER,
                info         TEXT    NOT NULL,
                bundle       BLOB    NOT NULL
            );
            CREATE TABLE model_current (
                id          INTEGER PRIMARY KEY CHECK (id = 1),
                version     INTEGER REFERENCES model_versions(version),
                changed_at  INTEGER NOT NULL
            );
            CREATE TABLE model_worker_lease (
                id          INTEGER PRIMARY KEY CHECK (id = 1),
                owner       TEXT    NOT NULL,
                expires_at  INTEGER NOT NULL
            );
            CREATE TABLE model_retrains (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                started_at   INTEGER NOT NULL,
                finished_at  INTEGER NOT NULL,
                outcome      TEXT    NOT NULL,
                version      INTEGER REFERENCES model_versions(version),
                detail       TEXT    NOT NULL
            );
            """),
    ];

    public static readonly IReadOnlyList<SchemaMigration> Postgres =
    [
        new(1, "versions, current version, worker lease, retraining log", """
            CREATE TABLE model_versions (
                version      integer PRIMARY KEY,
                created_at   bigint  NOT NULL,
                sha256       text    NOT NULL,
                bytes        bigint  NOT NULL,
                promoted_at  bigint,
                info         text    NOT NULL,
                bundle       bytea   NOT NULL
            );
            CREATE TABLE model_current (
                id          integer PRIMARY KEY CHECK (id = 1),
                version     integer REFERENCES model_versions(version),
                changed_at  bigint  NOT NULL
            );
            CREATE TABLE model_worker_lease (
                id          integer PRIMARY KEY CHECK (id = 1),
                owner       text    NOT NULL,
                expires_at  bigint  NOT NULL
            );
            CREATE TABLE model_retrains (
                id           bigserial PRIMARY KEY,
                started_at   bigint  NOT NULL,
                finished_at  bigint  NOT NULL,
                outcome      text    NOT NULL,
                version      integer REFERENCES model_versions(version),
                detail       text    NOT NULL
            );
            """),
    ];

    public static int LatestVersion => Sqlite[^1].Version;
}
