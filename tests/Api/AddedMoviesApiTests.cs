using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Model;
using HybridRecommender.Tests.Feedback;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HybridRecommender.Tests.Api;

/// <summary>Movies added after training through POST /movies: served at once, learnt from their first ratings, retired, validated, admin only, seen by every replica.</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class AddedMoviesApiTests(TrainedBundleFixture fixture)
{
    // Synthetic catalogue: movie ids 1000 + 3m; genres Action, Comedy, Drama, Horror, Romance, Sci-Fi.
    private static readonly int[] Trained = [1000, 1003, 1006, 1009, 1012, 1015];

    [Fact]
    public async Task A_movie_added_through_POST_is_predicted_and_has_similar_movies_at_once()
    {
        var response = await AddAsync(fixture.Client, "A Brand New Drama", 2025, "Drama", "romance");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        Assert.True(id > fixture.Bundle.MovieIds.MaxId);
        Assert.Equal($"/movies/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(["Drama", "Romance"], created.GetProperty("genres").EnumerateArray().Select(g => g.GetString()));

        var userId = fixture.Bundle.UserIds.IdAt(0);
        var predicted = await fixture.Client.GetFromJsonAsync<JsonElement>($"/predict?user={userId}&movie={id}");
        var similar = await fixture.Client.GetFromJsonAsync<JsonElement>($"/movies/{id}/similar?count=5");
        var movie = await fixture.Client.GetFromJsonAsync<JsonElement>($"/movies/{id}");

        // Its rows are its content rows — the bundle's content path, trained to stand in for a movie's rows —: the prediction
        // is the scorer's, extended with exactly those rows.
        var bundle = fixture.Bundle;
        var genres = ServedCatalogue.GenreRow(bundle.Genres.MaskOf(["Drama", "Romance"]), bundle.Genres.Count);
        var content = AddedMovieRows.ContentRows(bundle);
        Assert.Same(Assert.IsType<ContentTower>(content), bundle.ContentRows);
        var row = content.Row(genres, 2025);
        var extended = bundle.Scorer.WithAddedMovies([row]);
        Assert.Equal(extended.Predict(0, bundle.Movies.Count), predicted.GetProperty("predictedRating").GetSingle(), 4);
        Assert.Equal(5, similar.GetProperty("items").GetArrayLength());
        Assert.Contains("no ratings yet", similar.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal("A Brand New Drama", movie.GetProperty("title").GetString());
        Assert.False(movie.GetProperty("added").GetProperty("retired").GetBoolean());
        Assert.Equal(0, movie.GetProperty("added").GetProperty("ratings").GetInt32());
        var search = await fixture.Client.GetFromJsonAsync<JsonElement>("/movies?q=brand%20new");
        Assert.Contains(search.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetInt32() == id);
    }

    [Fact]
    public async Task After_ten_five_star_ratings_from_ten_users_its_predicted_stars_for_a_similar_user_rise()
    {
        var id = await AddedIdAsync(fixture.Client, "Rated Into Shape", 2024, "Horror");
        // Eleven users of one taste: the same five trained movies, the same stars.
        var users = new List<(int Id, string Token)>();
        for (var u = 0; u < 11; u++)
        {
            var user = await CreateUserAsync();
            for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await PutRatingAsync(user.Id, Trained[i], i % 2 == 0 ? 5 : 2, user.Token)).StatusCode);
            users.Add(user);
        }
        var similar = users[^1];
        var before = await PredictAsync(similar);

        foreach (var rater in users.Take(10)) Assert.Equal(HttpStatusCode.OK, (await PutRatingAsync(rater.Id, id, 5, rater.Token)).StatusCode);
        var after = await PredictAsync(similar);
        var movie = await fixture.Client.GetFromJsonAsync<JsonElement>($"/movies/{id}");

        Assert.True(after > before + 0.05f, $"predicted {before} before the ten 5★ ratings and {after} after");
        Assert.Equal(10, movie.GetProperty("added").GetProperty("ratings").GetInt32());
        var near = await fixture.Client.GetFromJsonAsync<JsonElement>($"/movies/{id}/similar");
        Assert.Contains("10 rating(s)", near.GetProperty("note").GetString(), StringComparison.Ordinal);

        async Task<float> PredictAsync((int Id, string Token) user)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/predict?user={user.Id}&movie={id}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
            var response = await fixture.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictedRating").GetSingle();
        }
    }

    [Fact]
    public async Task A_rated_added_movie_is_recommended_with_a_plain_reason_and_a_retired_one_is_not()
    {
        var id = await AddedIdAsync(fixture.Client, "Soon Retired", 2023, "Comedy");
        var user = await CreateUserAsync();
        foreach (var m in Trained.Take(4)) await PutRatingAsync(user.Id, m, 5, user.Token);

        var listed = await RecommendAsync(user);
        var item = Assert.Single(listed, i => i.GetProperty("movieId").GetInt32() == id);
        Assert.StartsWith("New: a Comedy like ", item.GetProperty("reason").GetString(), StringComparison.Ordinal);

        using (var retire = Admin(HttpMethod.Delete, $"/movies/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client.SendAsync(retire)).StatusCode);
        using (var again = Admin(HttpMethod.Delete, $"/movies/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client.SendAsync(again)).StatusCode); // idempotent

        Assert.DoesNotContain(await RecommendAsync(user), i => i.GetProperty("movieId").GetInt32() == id);
        var similar = await fixture.Client.GetFromJsonAsync<JsonElement>($"/movies/{Trained[0]}/similar?count=100");
        Assert.DoesNotContain(similar.GetProperty("items").EnumerateArray(), i => i.GetProperty("movieId").GetInt32() == id);
        var movie = await fixture.Client.GetFromJsonAsync<JsonElement>($"/movies/{id}");
        Assert.True(movie.GetProperty("added").GetProperty("retired").GetBoolean());
        var predict = await fixture.Client.GetAsync($"/predict?user={fixture.Bundle.UserIds.IdAt(0)}&movie={id}");
        Assert.Equal(HttpStatusCode.OK, predict.StatusCode);

        async Task<List<JsonElement>> RecommendAsync((int Id, string Token) who)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/recommend?user={who.Id}&count=100");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", who.Token);
            var json = await (await fixture.Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
            return json.GetProperty("items").EnumerateArray().ToList();
        }
    }

    [Fact]
    public async Task PUT_replaces_the_metadata_and_changes_what_the_movie_is_predicted_from()
    {
        var id = await AddedIdAsync(fixture.Client, "Working Title", 2020, "Action");
        var userId = fixture.Bundle.UserIds.IdAt(1);
        var before = await fixture.Client.GetFromJsonAsync<JsonElement>($"/predict?user={userId}&movie={id}");

        using var put = Admin(HttpMethod.Put, $"/movies/{id}", """{ "title": "Final Title", "year": 2021, "genres": ["Romance"] }""");
        var response = await fixture.Client.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var movie = await fixture.Client.GetFromJsonAsync<JsonElement>($"/movies/{id}");
        var after = await fixture.Client.GetFromJsonAsync<JsonElement>($"/predict?user={userId}&movie={id}");

        Assert.Equal(("Final Title", 2021), (movie.GetProperty("title").GetString(), movie.GetProperty("year").GetInt32()));
        Assert.Equal(["Romance"], movie.GetProperty("genres").EnumerateArray().Select(g => g.GetString()));
        Assert.NotEqual(before.GetProperty("predictedRating").GetSingle(), after.GetProperty("predictedRating").GetSingle());
    }

    [Theory]
    [InlineData("""{ "title": "X", "year": 2020, "genres": ["Western"] }""", "genres", "'Western' is not one of the model's genres")]
    [InlineData("""{ "title": "X", "year": 2020, "genres": ["Drama", "drama"] }""", "genres", "names Drama more than once")]
    [InlineData("""{ "title": "X", "year": 2020, "genres": [] }""", "genres", "non-empty array")]
    [InlineData("""{ "title": "X", "year": 2020, "genres": "Drama" }""", "genres", "non-empty array")]
    [InlineData("""{ "title": "X", "year": 1869, "genres": ["Drama"] }""", "year", "from 1870 to")]
    [InlineData("""{ "title": "X", "year": 9999, "genres": ["Drama"] }""", "year", "from 1870 to")]
    [InlineData("""{ "title": "X", "year": 2020.5, "genres": ["Drama"] }""", "year", "whole number")]
    [InlineData("""{ "title": "   ", "year": 2020, "genres": ["Drama"] }""", "title", "it must have 1 to 200")]
    [InlineData("""{ "title": "A\nB", "year": 2020, "genres": ["Drama"] }""", "title", "control character")]
    [InlineData("""{ "title": "\u202e\u200b", "year": 2020, "genres": ["Drama"] }""", "title", "no visible character")]
    [InlineData("""{ "year": 2020, "genres": ["Drama"] }""", "title", "'title' must be a string")]
    [InlineData("""{ "title": "X", "year": 2020, "genres": ["Drama"], "rating": 5 }""", "body", "unknown field(s) 'rating'")]
    [InlineData("""{ "title": "X", "title": "Y", "year": 2020, "genres": ["Drama"] }""", "body", "names 'title' more than once")]
    [InlineData("""[1, 2]""", "body", "not a JSON object")]
    [InlineData("""{ "title": """, "body", "not valid JSON")]
    [InlineData("""{ "title": "A\ud800B", "year": 2020, "genres": ["Drama"] }""", "body", "half of a UTF-16 surrogate pair")]
    [InlineData("""{ "title": "X", "year": 2020, "genres": ["\udc00"] }""", "body", "half of a UTF-16 surrogate pair")]
    [InlineData("""{ "\ud800": 1 }""", "body", "half of a UTF-16 surrogate pair")]
    [InlineData("""{ "\ud800": 1, "\ud800": 2 }""", "body", "half of a UTF-16 surrogate pair")]
    public async Task Invalid_bodies_are_400_problems_saying_what_is_wrong_and_what_is_valid(string body, string parameter, string says)
    {
        using var request = Admin(HttpMethod.Post, "/movies", body);
        var response = await fixture.Client.SendAsync(request);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Action, Comedy, Drama, Horror, Romance, Sci-Fi", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_title_an_oversized_body_and_a_wrong_content_type_are_refused()
    {
        using var longTitle = Admin(HttpMethod.Post, "/movies", $$"""{ "title": "{{new string('x', 201)}}", "year": 2020, "genres": ["Drama"] }""");
        await ProblemAssertions.AssertProblemAsync(await fixture.Client.SendAsync(longTitle), HttpStatusCode.BadRequest);
        using var big = Admin(HttpMethod.Post, "/movies", $$"""{ "title": "X", "year": 2020, "genres": ["Drama"], "pad": "{{new string('x', 5000)}}" }""");
        await ProblemAssertions.AssertProblemAsync(await fixture.Client.SendAsync(big), HttpStatusCode.RequestEntityTooLarge);
        using var text = Admin(HttpMethod.Post, "/movies");
        text.Content = new StringContent("""{ "title": "X", "year": 2020, "genres": ["Drama"] }""", Encoding.UTF8, "text/plain");
        await ProblemAssertions.AssertProblemAsync(await fixture.Client.SendAsync(text), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Only_the_admin_key_may_write_the_catalogue_and_only_added_movies_change()
    {
        const string body = """{ "title": "X", "year": 2020, "genres": ["Drama"] }""";
        using var anonymous = new HttpRequestMessage(HttpMethod.Post, "/movies") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Client.SendAsync(anonymous)).StatusCode);
        var user = await CreateUserAsync();
        using var asUser = new HttpRequestMessage(HttpMethod.Post, "/movies") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        asUser.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        var forbidden = await ProblemAssertions.AssertProblemAsync(await fixture.Client.SendAsync(asUser), HttpStatusCode.Forbidden);
        Assert.Contains("admin key", forbidden.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var trained = Admin(HttpMethod.Delete, $"/movies/{Trained[0]}");
        var refused = await ProblemAssertions.AssertProblemAsync(await fixture.Client.SendAsync(trained), HttpStatusCode.BadRequest);
        Assert.Contains("part of the trained model", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var unknown = Admin(HttpMethod.Put, "/movies/999999", body);
        await ProblemAssertions.AssertProblemAsync(await fixture.Client.SendAsync(unknown), HttpStatusCode.NotFound);
        using var notANumber = Admin(HttpMethod.Delete, "/movies/abc");
        await ProblemAssertions.AssertProblemAsync(await fixture.Client.SendAsync(notANumber), HttpStatusCode.BadRequest);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task A_second_replica_on_the_same_database_sees_an_added_changed_and_retired_movie_on_its_next_read(string kind)
    {
        await using var db = new TestStores(kind);
        await using var first = Replica(db);
        await using var second = Replica(db);
        var a = first.CreateClient();
        var b = second.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/movies?q=x")).StatusCode); // b has served (and cached) the catalogue before

        var id = await AddedIdAsync(a, "Seen Everywhere", 2024, "Sci-Fi");
        var seen = await b.GetFromJsonAsync<JsonElement>($"/movies/{id}");
        Assert.Equal("Seen Everywhere", seen.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/predict?user={fixture.Bundle.UserIds.IdAt(0)}&movie={id}")).StatusCode);

        using (var retire = Admin(HttpMethod.Delete, $"/movies/{id}")) Assert.Equal(HttpStatusCode.NoContent, (await a.SendAsync(retire)).StatusCode);
        var retired = await b.GetFromJsonAsync<JsonElement>($"/movies/{id}");
        Assert.True(retired.GetProperty("added").GetProperty("retired").GetBoolean());
    }

    private WebApplicationFactory<Program> Replica(TestStores db) => fixture.Factory.WithWebHostBuilder(b =>
    {
        if (db.Kind == TestStores.Sqlite) b.UseSetting("Feedback:Folder", Path.GetDirectoryName(db.Target)!);
        else b.UseSetting("Feedback:ConnectionString", db.Target);
    });

    internal static HttpRequestMessage Admin(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TrainedBundleFixture.AdminKey);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    internal static Task<HttpResponseMessage> AddAsync(HttpClient client, string title, int year, params string[] genres)
    {
        var request = Admin(HttpMethod.Post, "/movies", JsonSerializer.Serialize(new { title, year, genres }));
        return client.SendAsync(request);
    }

    internal static async Task<int> AddedIdAsync(HttpClient client, string title, int year, params string[] genres)
    {
        var response = await AddAsync(client, title, year, genres);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private async Task<(int Id, string Token)> CreateUserAsync()
    {
        var json = await (await fixture.Client.PostAsync("/users", null)).Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("id").GetInt32(), json.GetProperty("token").GetString()!);
    }

    private Task<HttpResponseMessage> PutRatingAsync(int user, int movie, float rating, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/users/{user}/ratings/{movie}")
        {
            Content = new StringContent($$"""{"rating": {{rating}}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return fixture.Client.SendAsync(request);
    }
}
