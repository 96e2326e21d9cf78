using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Tests.Api;

/// <summary>POST /users, ratings, fold-in with read-your-writes, and the new users on the read endpoints.</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class FeedbackApiTests(TrainedBundleFixture fixture)
{
    // Synthetic catalogue: movie ids 1000 + 3m.
    private static readonly int[] Movies = [1000, 1003, 1006, 1009, 1012, 1015];

    [Fact]
    public async Task A_new_user_gets_201_a_location_an_id_above_the_model_and_a_token()
    {
        var response = await fixture.Client.PostAsync("/users", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = json.GetProperty("id").GetInt32();
        Assert.True(id > fixture.Bundle.UserIds.MaxId);
        Assert.Equal($"/users/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(43, json.GetProperty("token").GetString()!.Length); // 256 bits, base64url
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_hashes()
    {
        var (id, token) = await CreateUserAsync();

        await using var store = Core.Feedback.FeedbackStores.Open(Path.Combine(fixture.FeedbackFolder, "feedback.db"));
        var user = await store.FindUserAsync(id);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(token)), user!.TokenHash);
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(Path.Combine(fixture.FeedbackFolder, "feedback.db")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_ratings_a_new_user_gets_popular_picks_and_is_told_why()
    {
        var (id, _) = await CreateUserAsync();

        var json = await ReadJsonAsync($"/recommend?user={id}&count=5");
        var top = await fixture.Client.GetFromJsonAsync<JsonElement>("/top?count=5");

        Assert.Equal("popular", json.GetProperty("strategy").GetString());
        Assert.Equal(id, json.GetProperty("userId").GetInt32());
        Assert.Contains("no ratings yet", json.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(Ids(top), Ids(json));
    }

    [Fact]
    public async Task Each_write_shows_in_the_next_recommendation_exactly_as_a_fold_in_of_the_stored_ratings()
    {
        var (id, token) = await CreateUserAsync();
        var given = new List<(int MovieId, float Rating)>();
        float[] stars = [5, 1, 4, 2, 5, 3];
        for (var i = 0; i < Movies.Length; i++)
        {
            var put = await PutRatingAsync(id, Movies[i], stars[i], token);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            given.Add((Movies[i], stars[i]));

            var json = await ReadJsonAsync($"/recommend?user={id}&count=100");

            Assert.Equal("personalized", json.GetProperty("strategy").GetString());
            Assert.Equal(Expected(given, 100), Items(json));
        }
    }

    [Fact]
    public async Task Setting_the_same_rating_twice_is_idempotent_and_a_new_value_replaces_it()
    {
        var (id, token) = await CreateUserAsync();

        await PutRatingAsync(id, 1000, 4, token);
        var once = await ReadStringAsync($"/recommend?user={id}&count=100");
        await PutRatingAsync(id, 1000, 4, token);
        var twice = await ReadStringAsync($"/recommend?user={id}&count=100");
        await PutRatingAsync(id, 1000, 2, token);

        Assert.Equal(once, twice);
        var ratings = await GetRatingsAsync(id, token);
        Assert.Equal([(1000, 2f)], ratings);
    }

    [Fact]
    public async Task Delete_is_204_and_the_rating_is_gone_from_the_list_and_the_profile()
    {
        var (id, token) = await CreateUserAsync();
        await PutRatingAsync(id, 1000, 5, token);
        await PutRatingAsync(id, 1003, 1, token);

        var delete = await Send(HttpMethod.Delete, $"/users/{id}/ratings/1003", token);
        var again = await Send(HttpMethod.Delete, $"/users/{id}/ratings/1003", token);
        var json = await ReadJsonAsync($"/recommend?user={id}&count=100");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal([(1000, 5f)], await GetRatingsAsync(id, token));
        Assert.Equal(Expected([(1000, 5f)], 100), Items(json));
    }

    [Fact]
    public async Task Predict_and_user_work_for_new_users()
    {
        var (id, token) = await CreateUserAsync();
        var before = await ReadJsonAsync($"/predict?user={id}&movie=1006");
        await PutRatingAsync(id, 1000, 5, token);
        await PutRatingAsync(id, 1003, 2, token);

        var predicted = await ReadJsonAsync($"/predict?user={id}&movie=1006");
        var rated = await ReadJsonAsync($"/predict?user={id}&movie=1000");
        var user = await ReadJsonAsync($"/users/{id}");

        Assert.Contains("no ratings yet", before.GetProperty("note").GetString(), StringComparison.Ordinal);
        var profile = FoldIn([(1000, 5f), (1003, 2f)]);
        fixture.Bundle.MovieIds.TryGetIndex(1006, out var m);
        fixture.Bundle.MovieIds.TryGetIndex(1000, out var m1000);
        fixture.Bundle.MovieIds.TryGetIndex(1003, out var m1003);
        int[] given = m1000 < m1003 ? [m1000, m1003] : [m1003, m1000];
        float[] stars = m1000 < m1003 ? [5f, 2f] : [2f, 5f];
        // The prior moves the profile: the plain fit from zero would predict otherwise.
        Assert.NotEqual(fixture.Bundle.Scorer.Predict(new UserFoldIn(fixture.Bundle.Scorer).Fit(given, stars), m), fixture.Bundle.Scorer.Predict(profile, m));
        Assert.Equal(fixture.Bundle.Scorer.Predict(profile, m), predicted.GetProperty("predictedRating").GetSingle());
        Assert.False(predicted.GetProperty("alreadyRated").GetBoolean());
        Assert.True(rated.GetProperty("alreadyRated").GetBoolean());
        Assert.Equal(2, user.GetProperty("ratedCount").GetInt32());
        Assert.Equal(2, user.GetProperty("feedbackRatings").GetInt32());
        Assert.False(user.GetProperty("trained").GetBoolean());
    }

    [Fact]
    public async Task A_trained_user_rated_by_the_admin_moves_from_the_trained_row_and_excludes_the_new_rating()
    {
        const int userId = 9;
        var bundle = fixture.Bundle;
        bundle.UserIds.TryGetIndex(userId, out var u);
        var movie = Enumerable.Range(0, bundle.Movies.Count).First(m => !bundle.HasRated(u, m));
        var movieId = bundle.Movies[movie].Id;

        var put = await PutRatingAsync(userId, movieId, 1, TrainedBundleFixture.AdminKey);
        var json = await ReadJsonAsync($"/recommend?user={userId}&count=100");
        await Send(HttpMethod.Delete, $"/users/{userId}/ratings/{movieId}", TrainedBundleFixture.AdminKey);
        var restored = await ReadJsonAsync($"/recommend?user={userId}&count=100");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var prior = bundle.Scorer.TrainedProfile(u);
        var profile = new UserFoldIn(bundle.Scorer).Fit([movie], [1f], prior);
        Assert.DoesNotContain(movieId, Items(json).Select(i => i.MovieId));
        Assert.Equal(Expected(profile, bundle.RatedByUser[u].Append(movie).Order().ToArray(), 100), Items(json));
        Assert.Contains("moved by 1 rating", json.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(Expected(prior, bundle.RatedByUser[u], 100), Items(restored)); // no ratings left: the trained row again
    }

    [Theory]
    [InlineData("{\"rating\": 4.5}", "'rating' must be a whole number of stars from 1 to 5")]
    [InlineData("{\"rating\": 0}", "'rating' must be a whole number of stars from 1 to 5")]
    [InlineData("{\"rating\": 6}", "'rating' must be a whole number of stars from 1 to 5")]
    [InlineData("{\"rating\": \"4\"}", "'rating' must be a whole number of stars from 1 to 5")]
    [InlineData("{\"rating\": 1e400}", "'rating' must be a whole number")]
    [InlineData("{\"stars\": 4}", "The body has no 'rating'")]
    [InlineData("{\"rating\": 4, \"extra\": 1}", "unknown field(s) 'extra'")]
    [InlineData("[4]", "The body has no 'rating'")]
    [InlineData("{\"rating\": ", "not valid JSON")]
    [InlineData("", "No body was sent")]
    public async Task A_bad_rating_body_is_a_400_saying_what_is_valid(string body, string expected)
    {
        var (id, token) = await CreateUserAsync();

        var response = await Send(HttpMethod.Put, $"/users/{id}/ratings/1000", token, body);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, ProblemAssertions.Text(problem), StringComparison.Ordinal);
        Assert.Empty(await GetRatingsAsync(id, token)); // nothing was written
    }

    [Theory]
    [InlineData("/users/{0}/ratings/5", HttpStatusCode.NotFound, "Movie 5 is not in the catalogue")]
    [InlineData("/users/{0}/ratings/1000%0A", HttpStatusCode.BadRequest, "'movieId' must be a whole number")]
    [InlineData("/users/x/ratings/1000", HttpStatusCode.BadRequest, "'id' must be a whole number")]
    public async Task Bad_ids_in_a_write_are_problems(string template, HttpStatusCode status, string expected)
    {
        var (id, token) = await CreateUserAsync();

        var response = await Send(HttpMethod.Put, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, id), token, "{\"rating\": 3}");

        var problem = await ProblemAssertions.AssertProblemAsync(response, status);
        Assert.Contains(expected, ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_writing_to_an_unknown_user_gets_404()
    {
        var response = await PutRatingAsync(999_999, 1000, 3, TrainedBundleFixture.AdminKey);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("User 999999 is not in the model", ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_body_needs_a_JSON_content_type()
    {
        var (id, token) = await CreateUserAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/users/{id}/ratings/1000")
        {
            Content = new StringContent("{\"rating\": 4}", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var problem = await ProblemAssertions.AssertProblemAsync(await fixture.Client.SendAsync(request), HttpStatusCode.UnsupportedMediaType);

        Assert.Contains("Content-Type: application/json", ProblemAssertions.Text(problem), StringComparison.Ordinal);
    }

    // ---- helpers ----

    [Fact]
    public async Task A_new_users_picks_cite_only_movies_they_liked()
    {
        var (id, token) = await CreateUserAsync();
        // Ratings 5, 1, 4: mean 3.33, so only the 5 and the 4 are liked; the 1 is never a reason.
        foreach (var (movie, rating) in new[] { (Movies[0], 5f), (Movies[1], 1f), (Movies[2], 4f) })
            Assert.Equal(HttpStatusCode.OK, (await PutRatingAsync(id, movie, rating, token)).StatusCode);

        var json = await ReadJsonAsync($"/recommend?user={id}&count=20");

        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(20, items.Count);
        foreach (var item in items)
        {
            var because = item.GetProperty("because").GetProperty("movieId").GetInt32();
            Assert.Contains(because, new[] { Movies[0], Movies[2] });
            Assert.StartsWith("Because you liked ", item.GetProperty("reason").GetString());
        }
    }

    [Fact]
    public async Task A_new_user_who_liked_nothing_gets_picks_that_cite_no_movie()
    {
        var (id, token) = await CreateUserAsync();
        // Ratings 1 and 2: below 3 stars, so nothing is liked and nothing may be named as the reason.
        foreach (var (movie, rating) in new[] { (Movies[0], 1f), (Movies[1], 2f) })
            Assert.Equal(HttpStatusCode.OK, (await PutRatingAsync(id, movie, rating, token)).StatusCode);

        var json = await ReadJsonAsync($"/recommend?user={id}&count=10");

        Assert.Equal("personalized", json.GetProperty("strategy").GetString());
        foreach (var item in json.GetProperty("items").EnumerateArray())
        {
            Assert.False(item.TryGetProperty("because", out _));
            Assert.Equal("Picked for you from your ratings.", item.GetProperty("reason").GetString());
        }
    }

    // Reads of an API-created user need their token or the admin key (PrivacyTests); these tests are about what the answer holds.
    private async Task<JsonElement> ReadJsonAsync(string url) =>
        JsonDocument.Parse(await ReadStringAsync(url)).RootElement;

    private async Task<string> ReadStringAsync(string url)
    {
        var response = await Send(HttpMethod.Get, url, TrainedBundleFixture.AdminKey);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<(int Id, string Token)> CreateUserAsync()
    {
        var json = await (await fixture.Client.PostAsync("/users", null)).Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("id").GetInt32(), json.GetProperty("token").GetString()!);
    }

    private Task<HttpResponseMessage> PutRatingAsync(int id, int movieId, float rating, string token) =>
        Send(HttpMethod.Put, $"/users/{id}/ratings/{movieId}", token, $"{{\"rating\": {rating.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}");

    private async Task<HttpResponseMessage> Send(HttpMethod method, string url, string? token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await fixture.Client.SendAsync(request);
    }

    private async Task<List<(int, float)>> GetRatingsAsync(int id, string token)
    {
        var response = await Send(HttpMethod.Get, $"/users/{id}/ratings", token);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("ratings").EnumerateArray().Select(r => (r.GetProperty("movieId").GetInt32(), r.GetProperty("rating").GetSingle())).ToList();
    }

    private UserProfile FoldIn(IEnumerable<(int MovieId, float Rating)> ratings)
    {
        var ordered = ratings.OrderBy(r => r.MovieId).ToArray(); // the store returns them by movie id
        var movies = ordered.Select(r => { fixture.Bundle.MovieIds.TryGetIndex(r.MovieId, out var m); return m; }).ToArray();
        // A user with no trained row: the fit moved towards the prior of their movies, as the API folds them in.
        return new NewUserFoldIn(new UserFoldIn(fixture.Bundle.Scorer), fixture.Bundle.FoldInPrior).Fit(movies, ordered.Select(r => r.Rating).ToArray());
    }

    private List<(int MovieId, float Rating)> Expected(IEnumerable<(int MovieId, float Rating)> given, int count)
    {
        var list = given.ToList();
        var rated = list.Select(r => { fixture.Bundle.MovieIds.TryGetIndex(r.MovieId, out var m); return m; }).Order().ToArray();
        return Expected(FoldIn(list), rated, count, foldedIn: true);
    }

    private List<(int MovieId, float Rating)> Expected(UserProfile profile, int[] rated, int count, bool foldedIn = false)
    {
        var bundle = fixture.Bundle;
        var scores = new float[bundle.Movies.Count];
        // /recommend ranks by the served score (relevance head + the card's shares of r̂ and item–item; the fold-in shares
        // for a user with no trained row) and reports r̂.
        bundle.Ranking.ScoreAll(profile, rated, scores, foldedIn);
        return Enumerable.Range(0, scores.Length).Where(m => Array.BinarySearch(rated, m) < 0)
            .OrderByDescending(m => scores[m]).ThenBy(m => bundle.Movies[m].Id).Take(count)
            .Select(m => (bundle.Movies[m].Id, bundle.Scorer.Predict(profile, m))).ToList();
    }

    private static List<(int MovieId, float Rating)> Items(JsonElement json) =>
        json.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("movieId").GetInt32(), i.GetProperty("predictedRating").GetSingle())).ToList();

    private static List<int> Ids(JsonElement json) =>
        json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("movieId").GetInt32()).ToList();
}
