using Microsoft.Data.Sqlite;

namespace HybridRecommender.Core.Feedback;

// Movies added after training (IMovieCatalogueStore). Ids come from feedback_catalogue.last_movie_id, lifted above the
// model's largest movie id and above MovieHighWaterPath (written before the movie's row commits, as for user ids), so a
// file restored from an older backup never hands an id out twice.
public sealed partial class SqliteFeedbackStore
{
    /// <summary>A rating write of an added movie changes what its rows are folded in from: the catalogue's version moves ($m).</summary>
    private const string BumpCatalogueForMovie =
        "\nUPDATE feedback_catalogue SET version = version + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM feedback_movies WHERE id = $m);";

    /// <summary>Erasing a user who rated an added movie does too ($u; before their ratings go).</summary>
    private const string BumpCatalogueForUser = """
        UPDATE feedback_catalogue SET version = version + 1 WHERE id = 1
            AND EXISTS (SELECT 1 FROM feedback_ratings r JOIN feedback_movies m ON m.id = r.movie_id WHERE r.user_id = $u);

        """;

    /// <summary>Beside the file: the largest movie id ever handed out.</summary>
    public string MovieHighWaterPath => DatabasePath + ".movies" + HighWaterSuffix;

    public Task<long> CatalogueVersionAsync(CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            return await ScalarLongAsync(c, null, "SELECT version FROM feedback_catalogue WHERE id = 1;", ct);
        }, ct);

    public Task<CatalogueSnapshot> CatalogueAsync(CancellationToken ct = default) =>
        _calls.RunAsync(async ct =>
        {
            await using var c = await OpenAsync(ct);
            // One read transaction: in WAL mode every statement in it sees the same snapshot.
            await using var tx = c.BeginTransaction(deferred: true);
            var version = await ScalarLongAsync(c, tx, "SELECT version FROM feedback_catalogue WHERE id = 1;", ct);
            var movies = new List<AddedMovie>();
            await using (var cmd = Command(c, tx, "SELECT id, title, year, genres, retired, created_at, updated_at FROM feedback_movies ORDER BY id;"))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    movies.Add(new AddedMovie(r.GetInt32(0), r.GetString(1), r.GetInt32(2), AddedMovie.ParseGenres(r.GetString(3)), r.GetInt64(4) != 0, r.GetInt64(5), r.GetInt64(6)));
            var ratings = new List<FeedbackRating>();
            await using (var cmd = Command(c, tx, """
                SELECT user_id, movie_id, rating, updated_at FROM feedback_ratings
                WHERE user_id IN (SELECT r.user_id FROM feedback_ratings r JOIN feedback_movies m ON m.id = r.movie_id)
                ORDER BY user_id, movie_id;
                """))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    ratings.Add(new FeedbackRating(r.GetInt32(0), r.GetInt32(1), (float)r.GetDouble(2), r.GetInt64(3)));
            await tx.CommitAsync(ct);
            return new CatalogueSnapshot(version, movies, ratings);
        }, ct);

    public Task<AddedMovie> AddMovieAsync(int aboveId, string title, int year, IReadOnlyList<string> genres, CancellationToken ct = default) =>
        WriteAsync(async (c, tx) =>
        {
            var recorded = ReadMovieHighWater() ?? 0;
            var id = (int)await ScalarLongAsync(c, tx,
                "UPDATE feedback_catalogue SET last_movie_id = MAX(last_movie_id, $floor) + 1, version = version + 1 WHERE id = 1 RETURNING last_movie_id;",
                CancellationToken.None, ("$floor", Math.Max(aboveId, recorded)));
            if (id > recorded) WriteMovieHighWater(id); // on disk before the row commits
            var now = Now();
            await ExecuteAsync(c, tx, "INSERT INTO feedback_movies (id, title, year, genres, retired, created_at, updated_at) VALUES ($id, $t, $y, $g, 0, $now, $now);",
                CancellationToken.None, ("$id", id), ("$t", title), ("$y", year), ("$g", AddedMovie.FormatGenres(genres)), ("$now", now));
            return new AddedMovie(id, title, year, genres, false, now, now);
        }, ct);

    public Task<AddedMovie?> UpdateMovieAsync(int id, string title, int year, IReadOnlyList<string> genres, CancellationToken ct = default) =>
        WriteAsync<AddedMovie?>(async (c, tx) =>
        {
            var now = Now();
            await using var cmd = Command(c, tx, "UPDATE feedback_movies SET title = $t, year = $y, genres = $g, updated_at = $now WHERE id = $id RETURNING retired, created_at;",
                ("$id", id), ("$t", title), ("$y", year), ("$g", AddedMovie.FormatGenres(genres)), ("$now", now));
            bool retired;
            long created;
            await using (var r = await cmd.ExecuteReaderAsync(CancellationToken.None))
            {
                if (!await r.ReadAsync(CancellationToken.None)) return null;
                (retired, created) = (r.GetInt64(0) != 0, r.GetInt64(1));
            }
            await ExecuteAsync(c, tx, "UPDATE feedback_catalogue SET version = version + 1 WHERE id = 1;", CancellationToken.None);
            return new AddedMovie(id, title, year, genres, retired, created, now);
        }, ct);

    public Task<AddedMovie?> RetireMovieAsync(int id, CancellationToken ct = default) =>
        WriteAsync<AddedMovie?>(async (c, tx) =>
        {
            AddedMovie movie;
            await using (var cmd = Command(c, tx, "SELECT title, year, genres, retired, created_at, updated_at FROM feedback_movies WHERE id = $id;", ("$id", id)))
            await using (var r = await cmd.ExecuteReaderAsync(CancellationToken.None))
            {
                if (!await r.ReadAsync(CancellationToken.None)) return null;
                movie = new AddedMovie(id, r.GetString(0), r.GetInt32(1), AddedMovie.ParseGenres(r.GetString(2)), r.GetInt64(3) != 0, r.GetInt64(4), r.GetInt64(5));
            }
            if (movie.Retired) return movie;
            var now = Now();
            await ExecuteAsync(c, tx, "UPDATE feedback_movies SET retired = 1, updated_at = $now WHERE id = $id;", CancellationToken.None, ("$id", id), ("$now", now));
            await ExecuteAsync(c, tx, "UPDATE feedback_catalogue SET version = version + 1 WHERE id = 1;", CancellationToken.None);
            return movie with { Retired = true, UpdatedAtMs = now };
        }, ct);

    private long? ReadMovieHighWater()
    {
        if (!File.Exists(MovieHighWaterPath)) return null;
        var text = File.ReadAllText(MovieHighWaterPath).Trim();
        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"{MovieHighWaterPath} should hold the largest movie id handed out, but holds '{(text.Length > 20 ? text[..20] : text)}'.");
    }

    private void WriteMovieHighWater(long id) =>
        IO.AtomicFile.Write(MovieHighWaterPath, s => s.Write(System.Text.Encoding.ASCII.GetBytes(id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n")));
}
