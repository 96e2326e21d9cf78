using HybridRecommender.Core.Data;
using HybridRecommender.Core.Feedback;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Training;

/// <summary>--feedback: reads the API's feedback database and merges it into the dataset (rules: <see cref="FeedbackMerge"/>).</summary>
internal sealed record FeedbackTraining(MovieLensDataset Data, FeedbackMergeSummary Summary, bool[] IsFeedback)
{
    public static async Task<FeedbackTraining?> LoadAsync(string target, MovieLensDataset data, CancellationToken ct)
    {
        if (!FeedbackStores.IsConnectionString(target) && !File.Exists(target))
        {
            Console.Error.WriteLine($"error: feedback database '{Path.GetFullPath(target)}' does not exist (give the API's SQLite file, e.g. data/feedback.db, or a PostgreSQL connection string).");
            return null;
        }
        // A batch read of every rating, not a request: far more time than the API's per-request deadline.
        await using var store = FeedbackStores.Open(target, new DatabaseCallOptions { Deadline = TimeSpan.FromMinutes(10) });
        IReadOnlyList<FeedbackRating> ratings;
        IReadOnlyList<AddedMovie> added = [];
        try
        {
            ratings = await store.AllRatingsAsync(ct);
            // Schema 2 holds the movies added with POST /movies; an older database has none.
            if (await store.SchemaVersionAsync(ct) >= 2 && store is IMovieCatalogueStore catalogue) added = (await catalogue.CatalogueAsync(ct)).Movies;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"error: cannot read the feedback database {store.Description}: {e.Message}{(e.InnerException is { } cause ? " " + cause.Message : "")}");
            return null;
        }
        var (min, max) = RatingScale.Of(data);
        var (merged, summary, isFeedback) = FeedbackMerge.Apply(data, ratings, min, max, added);
        Console.WriteLine($"feedback: {store.Description}: {summary.Used:N0} ratings used ({summary.Overrides:N0} override the dataset's), {summary.NewUsers:N0} new users"
            + $", {summary.AddedMovies:N0} movies added through the API become ordinary movies"
            + (summary.SkippedUnknownMovie + summary.SkippedOffScale + summary.SkippedRetired > 0
                ? $"; left out {summary.SkippedUnknownMovie:N0} of unknown movies, {summary.SkippedRetired:N0} of retired movies, {summary.SkippedOffScale:N0} off the {min}–{max} scale" : ""));
        return new FeedbackTraining(merged, summary, isFeedback);
    }
}
