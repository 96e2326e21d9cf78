using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Feedback;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Api;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Feedback;

[Collection(TrainedBundleCollection.Name)]
public sealed class FeedbackMergeTests(TrainedBundleFixture fixture)
{
    [Fact]
    public void New_users_are_appended_overrides_replace_in_place_and_the_rest_is_appended()
    {
        var data = SyntheticDataset.Create(users: 10, movies: 20, ratingsPerUser: 5, seed: 3);
        var r = data.Ratings;
        var existingUser = data.UserIds.IdAt(r.UserIndex[0]);
        var existingMovie = data.MovieIds.IdAt(r.MovieIndex[0]);
        var unrated = data.MovieIds.Ids.First(id => !Enumerable.Range(0, r.Count).Any(i => r.UserIndex[i] == r.UserIndex[0] && data.MovieIds.IdAt(r.MovieIndex[i]) == id));
        var feedback = new[]
        {
            new FeedbackRating(existingUser, existingMovie, r.Rating[0] == 1 ? 5 : 1, 5_000),  // override
            new FeedbackRating(existingUser, unrated, 4, 6_000),                              // append
            new FeedbackRating(500, data.MovieIds.Ids[3], 2, 7_000),                          // new user
            new FeedbackRating(400, data.MovieIds.Ids[4], 3, 8_000),                          // new user, lower id
            new FeedbackRating(400, 999_999, 3, 8_000),                                       // unknown movie
            new FeedbackRating(400, data.MovieIds.Ids[5], 7, 8_000),                          // off scale
        };

        var (merged, summary, isFeedback) = FeedbackMerge.Apply(data, feedback, 1, 5);

        Assert.Equal(new FeedbackMergeSummary(Used: 4, Overrides: 1, NewUsers: 2, SkippedUnknownMovie: 1, SkippedOffScale: 1), summary);
        Assert.Equal(r.Count + 3, merged.Ratings.Count);
        Assert.Equal(feedback[0].Rating, merged.Ratings.Rating[0]);
        Assert.Equal(5, merged.Ratings.Timestamp[0]);
        Assert.Equal([400, 500], merged.Users.Skip(data.Users.Count).Select(u => u.Id));
        Assert.Equal(4, isFeedback.Count(f => f));
        Assert.True(isFeedback[0]);
        var appended = Enumerable.Range(r.Count, 3).Select(i => (merged.UserIds.IdAt(merged.Ratings.UserIndex[i]), merged.MovieIds.IdAt(merged.Ratings.MovieIndex[i]), merged.Ratings.Rating[i]));
        Assert.Equal([(existingUser, unrated, 4f), (500, data.MovieIds.Ids[3], 2f), (400, data.MovieIds.Ids[4], 3f)], appended);
    }

    [Fact]
    public void Added_movies_become_ordinary_movies_with_their_ratings_and_retired_ones_are_left_out()
    {
        var data = SyntheticDataset.Create(users: 10, movies: 20, ratingsPerUser: 5, seed: 3);
        var user = data.UserIds.IdAt(0);
        AddedMovie[] added =
        [
            new(5001, "Kept", 2024, ["Drama", "Comedy"], Retired: false, 0, 0),
            new(5002, "Retired", 2024, ["Drama"], Retired: true, 0, 0),
        ];
        var feedback = new[] { new FeedbackRating(user, 5001, 5, 1_000), new FeedbackRating(user, 5002, 4, 1_000) };

        var (merged, summary, isFeedback) = FeedbackMerge.Apply(data, feedback, 1, 5, added);

        Assert.Equal(new FeedbackMergeSummary(Used: 1, Overrides: 0, NewUsers: 0, SkippedUnknownMovie: 0, SkippedOffScale: 0, AddedMovies: 1, SkippedRetired: 1), summary);
        Assert.Equal(data.Movies.Count + 1, merged.Movies.Count);
        Assert.Equal((5001, "Kept", (int?)2024), (merged.Movies[^1].Id, merged.Movies[^1].Title, merged.Movies[^1].Year));
        Assert.Equal(["Drama", "Comedy"], merged.Movies[^1].Genres);
        Assert.False(merged.MovieIds.Contains(5002));
        Assert.Equal(5001, merged.MovieIds.IdAt(merged.Ratings.MovieIndex[^1]));
        Assert.True(isFeedback[^1]);
    }

    [Fact]
    public async Task Rate_through_the_API_then_retrain_and_the_new_user_is_a_row_of_the_new_model()
    {
        var created = await (await fixture.Client.PostAsync("/users", null)).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        var token = created.GetProperty("token").GetString()!;
        int[] movies = [1000, 1003, 1006, 1009, 1012];
        foreach (var (movie, i) in movies.Select((m, i) => (m, i)))
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, $"/users/{id}/ratings/{movie}")
            {
                Content = new StringContent($"{{\"rating\": {i % 5 + 1}}}", Encoding.UTF8, "application/json"),
            };
            put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.True((await fixture.Client.SendAsync(put)).IsSuccessStatusCode);
        }

        // What `training --feedback <db>` does, on the fixture's synthetic data.
        await using var store = FeedbackStores.Open(Path.Combine(fixture.FeedbackFolder, SqliteFeedbackStore.DefaultFileName));
        var all = await store.AllRatingsAsync();
        var data = SyntheticDataset.Create(users: 120, movies: 80, ratingsPerUser: 30, seed: 7);
        // Other tests of this collection add movies through the API (and rate some): they come along as training does it.
        var added = (await ((IMovieCatalogueStore)store).CatalogueAsync()).Movies;
        var (merged, summary, isFeedback) = FeedbackMerge.Apply(data, all, 1, 5, added);
        var used = all.Count(f => !added.Any(a => a.Retired && a.Id == f.MovieId));
        var options = new TrainingOptions { Epochs = 1, Dim = 8, Hidden = [8], Threads = 1, BatchSize = 64 };
        var outcome = TrainingPipeline.Run(merged, options, new Dictionary<string, string> { ["synthetic"] = "seed 7" });
        var folder = Path.Combine(fixture.Root, "retrained-" + Guid.NewGuid().ToString("N"));
        FeedbackCard.Record(outcome, summary, isFeedback).Save(folder);
        var bundle = ModelBundle.Load(folder);

        Assert.True(bundle.UserIds.TryGetIndex(id, out var row));
        Assert.Equal(all.Count(f => f.UserId == id), movies.Length);
        Assert.Equal(movies.Select(m => { bundle.MovieIds.TryGetIndex(m, out var x); return x; }).Order(), bundle.RatedByUser[row]);
        Assert.Equal(used, bundle.Card.Data.FeedbackRatings);
        Assert.Equal(added.Count(a => !a.Retired), bundle.Card.Data.FeedbackMovies);
        Assert.Equal(all.Select(f => f.UserId).Distinct().Count(u => u > 120), bundle.Card.Data.FeedbackUsers);
        var split = bundle.Card.Split;
        Assert.Equal(used, split.FeedbackTrain + split.FeedbackValidation + split.FeedbackTest);
        Assert.Equal(ModelCard.CurrentFormatVersion, bundle.Card.FormatVersion);
    }

    [Fact]
    public void A_card_without_the_feedback_fields_still_loads_with_zero()
    {
        var card = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.ModelPath, ModelBundle.CardFile)))!;
        card["data"]!.AsObject().Remove("feedbackRatings");
        card["split"]!.AsObject().Remove("feedbackTrain");

        var parsed = card.Deserialize<ModelCard>(ModelBundle.Json)!;

        Assert.Equal(0, parsed.Data.FeedbackRatings);
        Assert.Equal(0, parsed.Split.FeedbackTrain);
    }
}
