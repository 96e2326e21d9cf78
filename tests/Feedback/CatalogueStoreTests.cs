using HybridRecommender.Core.Feedback;
using Microsoft.Data.Sqlite;

namespace HybridRecommender.Tests.Feedback;

/// <summary>Movies added after training (IMovieCatalogueStore), against SQLite always and PostgreSQL when HR_TEST_POSTGRES is set.</summary>
public sealed class CatalogueStoreTests
{
    private static IMovieCatalogueStore Catalogue(IFeedbackStore store) => (IMovieCatalogueStore)store;

    [Theory, SqliteStore, PostgresStore]
    public async Task Added_movies_get_ids_above_the_model_and_every_id_before_and_another_replica_reads_them(string kind)
    {
        await using var db = new TestStores(kind);
        var store = Catalogue(await db.OpenInitialisedAsync());
        var first = await store.AddMovieAsync(3952, "First", 2024, ["Drama"]);
        var second = await store.AddMovieAsync(10, "Second", 2025, ["Comedy", "Drama"]); // a smaller model never lowers the floor
        var third = await store.AddMovieAsync(5000, "Third", 2025, ["Action"]);

        Assert.Equal([3953, 3954, 5001], new[] { first.Id, second.Id, third.Id });
        var other = Catalogue(db.Open());
        var snapshot = await other.CatalogueAsync();
        Assert.Equal(await other.CatalogueVersionAsync(), snapshot.Version);
        Assert.Equal(3, snapshot.Version);
        Assert.Equal(["First", "Second", "Third"], snapshot.Movies.Select(m => m.Title));
        Assert.Equal(["Comedy", "Drama"], snapshot.Movies[1].Genres);
        Assert.Equal(2025, snapshot.Movies[1].Year);
        Assert.All(snapshot.Movies, m => Assert.False(m.Retired));
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Updating_and_retiring_move_the_version_keep_the_id_and_unknown_ids_answer_null(string kind)
    {
        await using var db = new TestStores(kind);
        var store = Catalogue(await db.OpenInitialisedAsync());
        var movie = await store.AddMovieAsync(100, "Draft", 2020, ["Drama"]);
        var updated = await store.UpdateMovieAsync(movie.Id, "Final", 2021, ["Comedy"]);
        var retired = await store.RetireMovieAsync(movie.Id);
        var before = await store.CatalogueVersionAsync();
        var again = await store.RetireMovieAsync(movie.Id); // idempotent: nothing changes
        var next = await store.AddMovieAsync(100, "Next", 2022, ["Drama"]);

        Assert.Equal(("Final", 2021, false), (updated!.Title, updated.Year, updated.Retired));
        Assert.True(retired!.Retired);
        Assert.True(again!.Retired);
        Assert.Equal(before, await store.CatalogueVersionAsync() - 1); // only the addition after moved it
        Assert.Equal(movie.Id + 1, next.Id); // a retired id is never handed out again
        Assert.Null(await store.UpdateMovieAsync(99999, "Nothing", 2020, ["Drama"]));
        Assert.Null(await store.RetireMovieAsync(99999));
        var snapshot = await store.CatalogueAsync();
        Assert.Equal((movie.Id, "Final", true), (snapshot.Movies[0].Id, snapshot.Movies[0].Title, snapshot.Movies[0].Retired));
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Ratings_of_added_movies_and_erasing_their_raters_move_the_version_other_ratings_do_not(string kind)
    {
        await using var db = new TestStores(kind);
        var feedback = await db.OpenInitialisedAsync();
        var store = Catalogue(feedback);
        var movie = await store.AddMovieAsync(100, "New", 2024, ["Drama"]);
        var user = await feedback.CreateUserAsync(Enumerable.Repeat((byte)7, 32).ToArray());
        var start = await store.CatalogueVersionAsync();

        await feedback.SetRatingAsync(user, 10, 4); // a trained movie
        Assert.Equal(start, await store.CatalogueVersionAsync());
        await feedback.SetRatingAsync(user, movie.Id, 5);
        Assert.Equal(start + 1, await store.CatalogueVersionAsync());
        var snapshot = await store.CatalogueAsync();
        // The rater's ratings of trained movies come along: they fix the rater's side while the movie is folded in.
        Assert.Equal([(user, 10, 4f), (user, movie.Id, 5f)], snapshot.RaterRatings.Select(r => (r.UserId, r.MovieId, r.Rating)));
        await feedback.DeleteRatingAsync(user, movie.Id);
        Assert.Equal(start + 2, await store.CatalogueVersionAsync());
        await feedback.SetRatingAsync(user, movie.Id, 3);
        await feedback.DeleteUserAsync(user);
        Assert.Equal(start + 4, await store.CatalogueVersionAsync());
        Assert.Empty((await store.CatalogueAsync()).RaterRatings);
    }

    [Fact]
    public async Task A_sqlite_file_restored_from_an_older_backup_never_hands_a_movie_id_out_twice()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hr-catalogue-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, SqliteFeedbackStore.DefaultFileName);
        try
        {
            int lost;
            await using (var store = new SqliteFeedbackStore(path))
            {
                await store.InitialiseAsync(100);
                await store.AddMovieAsync(3952, "Kept", 2024, ["Drama"]);
                SqliteConnection.ClearAllPools();
                File.Copy(path, path + ".backup");
                lost = (await store.AddMovieAsync(3952, "Lost with the restore", 2024, ["Drama"])).Id;
            }
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "-wal", "-shm" }) File.Delete(path + suffix);
            File.Copy(path + ".backup", path, overwrite: true);

            await using var restored = new SqliteFeedbackStore(path);
            await restored.InitialiseAsync(100);
            var next = await restored.AddMovieAsync(3952, "After the restore", 2025, ["Drama"]);
            Assert.Equal(["Kept", "After the restore"], (await restored.CatalogueAsync()).Movies.Select(m => m.Title));
            Assert.True(next.Id > lost, $"id {next.Id} was handed out before the restore");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
