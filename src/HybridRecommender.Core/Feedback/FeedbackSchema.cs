namespace HybridRecommender.Core.Feedback;

/// <summary>
/// The feedback database's schema as versioned migrations, one list per dialect (same tables, same
/// meaning). Never edit a migration that has shipped: append a new one. A database whose recorded
/// version is above <see cref="LatestVersion"/> was written by a newer build and is refused.
/// Tables are prefixed <c>feedback_</c> so a shared PostgreSQL database can hold other things too.
/// </summary>
public static class FeedbackSchema
{
    public const string MigrationsTable = "feedback_schema_migrations";

    public static readonly IReadOnlyList<SchemaMigration> Sqlite =
    [
        new(1, "users (token hash, version) and ratings", """
            CREATE TABLE feedback_users (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                token_hash  BLOB UNIQUE,
                version     INTEGER NOT NULL,
                created_at  INTEGER NOT NULL
            );
            CREATE TABLE feedback_ratings (
                user_id     INTEGER NOT NULL REFERENCES feedback_users(id),
                movie_id    INTEGER NOT NULL,
                rating      REAL    NOT NULL,
                updated_at  INTEGER NOT NULL,
                PRIMARY KEY (user_id, movie_id)
            ) WITHOUT ROWID;
            """),
        new(2, "movies added after training, the catalogue's version and movie id high-water mark", """
            CREATE TABLE feedback_movies (
                id          INTEGER PRIMARY KEY,
                title       TEXT    NOT NULL,
                year        INTEGER NOT NULL,
                genres      TEXT    NOT NULL,
                retired     INTEGER NOT NULL DEFAULT 0,
                created_at  INTEGER NOT NULL,
                updated_at  INTEGER NOT NULL
            );
            CREATE TABLE feedback_catalogue (
                id              INTEGER PRIMARY KEY CHECK (id = 1),
                version         INTEGER NOT NULL,
                last_movie_id   INTEGER NOT NULL
            );
            INSERT INTO feedback_catalogue (id, version, last_movie_id) VALUES (1, 0, 0);
            CREATE INDEX feedback_ratings_by_movie ON feedback_ratings (movie_id);
            """),
    ];

    public static readonly IReadOnlyList<SchemaMigration> Postgres =
    [
        new(1, "users (token hash, version) and ratings", """
            CREATE SEQUENCE feedback_user_id_seq AS integer;
            CREATE TABLE feedback_users (
                id          integer PRIMARY KEY,
                token_hash  bytea UNIQUE,
                version     bigint NOT NULL,
                created_at  bigint NOT NULL
            );
            CREATE TABLE feedback_ratings (
                user_id     integer NOT NULL REFERENCES feedback_users(id),
                movie_id    integer NOT NULL,
                rating      real    NOT NULL,
                updated_at  bigint  NOT NULL,
                PRIMARY KEY (user_id, movie_id)
            );
            """),
        new(2, "movies added after training, the catalogue's version and movie id high-water mark", """
            CREATE TABLE feedback_movies (
                id          integer PRIMARY KEY,
                title       text    NOT NULL,
                year        integer NOT NULL,
                genres      text    NOT NULL,
                retired     boolean NOT NULL DEFAULT false,
                created_at  bigint  NOT NULL,
                updated_at  bigint  NOT NULL
            );
            CREATE TABLE feedback_catalogue (
                id              integer PRIMARY KEY CHECK (id = 1),
                version         bigint  NOT NULL,
                last_movie_id   integer NOT NULL
            );
            INSERT INTO feedback_catalogue (id, version, last_movie_id) VALUES (1, 0, 0);
            CREATE INDEX feedback_ratings_by_movie ON feedback_ratings (movie_id);
            """),
    ];

    public static int LatestVersion => Sqlite[^1].Version;

    internal static string TooNew(int found, string database) =>
        $"The feedback database {database} has schema version {found}; this build knows versions up to {LatestVersion}. Run a newer build, or point Feedback:Folder / Feedback:ConnectionString at another database.";
}
