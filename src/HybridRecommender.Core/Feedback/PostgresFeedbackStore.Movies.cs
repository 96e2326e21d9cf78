using Npgsql;

namespace HybridRecommender.Core.Feedback;

// Movies added after training (IMovieCatalogueStore). Ids come from feedback_catalogue.last_movie_id, lifted above the
// model's largest movie id; the row lock on the one catalogue row serialises additions across replicas. Lock order: a
// catalogue write takes the catalogue row, then the movie row; a rating write takes the user row, its rating row, then
// the catalogue row — never the reverse of each other.
public sealed partial class PostgresFeedbackStore
{
    /// <summary>A rating write of an added movie changes what its rows are folded in from: the catalogue's version moves (@m).</summary>
    private const string BumpCatalogueForMovie =
        "UPDATE feedback_catalogue SET version = version + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM feedback_movies WHERE id = @m);";

    /// <summary>Erasing a user who rated an added movie does too (@u; before their ratings go).</summary>
    private const string BumpCatalogueForUser = """
        UPDATE feedback_catalogue SET version = version + 1 WHERE id = 1
            AND EXISTS (SELECT 1 FROM feedback_ratings r JOIN feedback_movies m ON m.id = r.movie_id WHERE r.user_id = @u);
        """;

    public Task<long> CatalogueVersionAsync(CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            return await ScalarLongAsync(c, null, "SELECT version FROM feedback_catalogue WHERE id = 1;", ct);
        }, ct);

    public Task<CatalogueSnapshot> CatalogueAsync(CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            // REPEATABLE READ: the three reads see one snapshot.
            await using var tx = await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
            var version = await ScalarLongAsync(c, tx, "SELECT version FROM feedback_catalogue WHERE id = 1;", ct);
            var movies = new List<AddedMovie>();
            await using (var cmd = Command(c, tx, "SELECT id, title, year, genres, retired, created_at, updated_at FROM feedback_movies ORDER BY id;"))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    movies.Add(new AddedMovie(r.GetInt32(0), r.GetString(1), r.GetInt32(2), AddedMovie.ParseGenres(r.GetString(3)), r.GetBoolean(4), r.GetInt64(5), r.GetInt64(6)));
            var ratings = new List<FeedbackRating>();
            await using (var cmd = Command(c, tx, """
                SELECT user_id, movie_id, rating, updated_at FROM feedback_ratings
                WHERE user_id IN (SELECT r.user_id FROM feedback_ratings r JOIN feedback_movies m ON m.id = r.movie_id)
                ORDER BY user_id, movie_id;
                """))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    ratings.Add(new FeedbackRating(r.GetInt32(0), r.GetInt32(1), r.GetFloat(2), r.GetInt64(3)));
            await tx.CommitAsync(ct);
            return new CatalogueSnapshot(version, movies, ratings);
        }, ct);

    public Task<AddedMovie> AddMovieAsync(int aboveId, string title, int year, IReadOnlyList<string> genres, CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var id = (int)await ScalarLongAsync(c, tx,
                "UPDATE feedback_catalogue SET last_movie_id = GREATEST(last_movie_id, @floor) + 1, version = version + 1 WHERE id = 1 RETURNING last_movie_id;",
                ct, ("floor", aboveId));
            var now = Now();
            await ExecuteAsync(c, tx, "INSERT INTO feedback_movies (id, title, year, genres, retired, created_at, updated_at) VALUES (@id, @t, @y, @g, false, @now, @now);",
                ct, ("id", id), ("t", title), ("y", year), ("g", AddedMovie.FormatGenres(genres)), ("now", now));
            await tx.CommitAsync(ct);
            return new AddedMovie(id, title, year, genres, false, now, now);
        }, ct);

    public Task<AddedMovie?> UpdateMovieAsync(int id, string title, int year, IReadOnlyList<string> genres, CancellationToken ct = default) =>
        _calls.RunAsync<AddedMovie?>(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            await ExecuteAsync(c, tx, "SELECT 1 FROM feedback_catalogue WHERE id = 1 FOR UPDATE;", ct);
            var now = Now();
            bool retired;
            long created;
            await using (var cmd = Command(c, tx, "UPDATE feedback_movies SET title = @t, year = @y, genres = @g, updated_at = @now WHERE id = @id RETURNING retired, created_at;",
                ("id", id), ("t", title), ("y", year), ("g", AddedMovie.FormatGenres(genres)), ("now", now)))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct)) return null;
                (retired, created) = (r.GetBoolean(0), r.GetInt64(1));
            }
            await ExecuteAsync(c, tx, "UPDATE feedback_catalogue SET version = version + 1 WHERE id = 1;", ct);
            await tx.CommitAsync(ct);
            return new AddedMovie(id, title, year, genres, retired, created, now);
        }, ct);

    public Task<AddedMovie?> RetireMovieAsync(int id, CancellationToken ct = default) =>
        _calls.RunAsync<AddedMovie?>(async ct =>
        {
            await using var c = await _source.OpenConnectionAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            await ExecuteAsync(c, tx, "SELECT 1 FROM feedback_catalogue WHERE id = 1 FOR UPDATE;", ct);
            AddedMovie movie;
            await using (var cmd = Command(c, tx, "SELECT title, year, genres, retired, created_at, updated_at FROM feedback_movies WHERE id = @id FOR UPDATE;", ("id", id)))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct)) return null;
                movie = new AddedMovie(id, r.GetString(0), r.GetInt32(1), AddedMovie.ParseGenres(r.GetString(2)), r.GetBoolean(3), r.GetInt64(4), r.GetInt64(5));
            }
            if (movie.Retired) return movie;
            var now = Now();
            await ExecuteAsync(c, tx, "UPDATE feedback_movies SET retired = true, updated_at = @now WHERE id = @id;", ct, ("id", id), ("now", now));
            await ExecuteAsync(c, tx, "UPDATE feedback_catalogue SET version = version + 1 WHERE id = 1;", ct);
            await tx.CommitAsync(ct);
            return movie with { Retired = true, UpdatedAtMs = now };
        }, ct);
}
