using HybridRecommender.Tests.Support;
using System.Net.Http.Json;
using System.Text.Json;

namespace HybridRecommender.Tests.Api;

[Collection(TrainedBundleCollection.Name)]
public sealed class RecommendationTests(TrainedBundleFixture fixture)
{
    private const int UserId = 1;

    [Fact]
    public async Task Personalized_picks_are_the_best_unrated_movies_in_descending_order()
    {
        var json = await fixture.Client.GetFromJsonAsync<JsonElement>($"/recommend?user={UserId}&count=100");

        Assert.Equal("personalized", json.GetProperty("strategy").GetString());
        Assert.Equal(UserId, json.GetProperty("userId").GetInt32());
        var items = Items(json);
        var bundle = fixture.Bundle;
        bundle.UserIds.TryGetIndex(UserId, out var u);
        // count=100 exceeds the catalogue: every unrated movie comes back, and no rated one.
        Assert.Equal(bundle.Movies.Count - bundle.RatedByUser[u].Length, items.Count);
        foreach (var (movieId, _) in items)
        {
            bundle.MovieIds.TryGetIndex(movieId, out var m);
            Assert.False(bundle.HasRated(u, m), $"movie {movieId} was rated by user {UserId}");
        }
        // Ordered by the served score (the relevance head, plus the card's shares of r̂ and item–item), ties by lower movie id;
        // predictedRating is the rating head's and need not be monotonic along the list.
        Assert.True(bundle.Scorer.HasRelevanceHead);
        var rank = RankScores(u);
        for (var i = 1; i < items.Count; i++)
        {
            bundle.MovieIds.TryGetIndex(items[i - 1].MovieId, out var prev);
            bundle.MovieIds.TryGetIndex(items[i].MovieId, out var next);
            Assert.True(rank[prev] > rank[next] || (rank[prev] == rank[next] && items[i - 1].MovieId < items[i].MovieId), $"items {i - 1} and {i} are out of order");
        }
        // Guard against a vacuous pass: this bundle's relevance order is not the rating order.
        var byRating = items.OrderByDescending(t => t.Rating).Select(t => t.MovieId);
        Assert.NotEqual(byRating, items.Select(t => t.MovieId));
    }

    private float[] RankScores(int user)
    {
        var bundle = fixture.Bundle;
        var scores = new float[bundle.Movies.Count];
        bundle.Ranking.ScoreAll(user, bundle.RatedByUser[user], scores);
        return scores;
    }

    [Fact]
    public async Task Top_ten_equals_a_full_sort_of_the_scorer_output()
    {
        var bundle = fixture.Bundle;
        bundle.UserIds.TryGetIndex(UserId, out var u);
        var scores = RankScores(u); // ranked by the ranking score, rating reported as /predict reports it
        var expected = Enumerable.Range(0, scores.Length).Where(m => !bundle.HasRated(u, m))
            .OrderByDescending(m => scores[m]).ThenBy(m => bundle.Movies[m].Id)
            .Take(10).Select(m => (bundle.Movies[m].Id, bundle.Scorer.Predict(u, m))).ToList();

        var items = Items(await fixture.Client.GetFromJsonAsync<JsonElement>($"/recommend?user={UserId}"));

        Assert.Equal(expected, items);
    }

    [Fact]
    public async Task Genre_filter_any_keeps_movies_with_one_of_the_genres_and_accepts_any_spelling()
    {
        var comma = await fixture.Client.GetFromJsonAsync<JsonElement>($"/recommend?user={UserId}&genres=comedy,DRAMA&count=100");
        var repeated = await fixture.Client.GetFromJsonAsync<JsonElement>($"/recommend?user={UserId}&genres=Comedy&genres=Drama&count=100&match=any");

        Assert.Equal(Items(comma), Items(repeated));
        Assert.Equal(["Comedy", "Drama"], comma.GetProperty("genres").EnumerateArray().Select(g => g.GetString()));
        var bundle = fixture.Bundle;
        bundle.UserIds.TryGetIndex(UserId, out var u);
        var expected = Enumerable.Range(0, bundle.Movies.Count)
            .Count(m => !bundle.HasRated(u, m) && bundle.Movies[m].Genres.Any(g => g is "Comedy" or "Drama"));
        Assert.Equal(expected, Items(comma).Count);
        Assert.All(Genres(comma), g => Assert.True(g.Contains("Comedy") || g.Contains("Drama")));
    }

    [Fact]
    public async Task Genre_filter_all_keeps_movies_with_every_genre()
    {
        var json = await fixture.Client.GetFromJsonAsync<JsonElement>($"/recommend?user={UserId}&genres=Comedy,Drama&match=all&count=100");

        var bundle = fixture.Bundle;
        bundle.UserIds.TryGetIndex(UserId, out var u);
        var expected = Enumerable.Range(0, bundle.Movies.Count)
            .Count(m => !bundle.HasRated(u, m) && bundle.Movies[m].Genres.Contains("Comedy") && bundle.Movies[m].Genres.Contains("Drama"));
        Assert.Equal("all", json.GetProperty("match").GetString());
        Assert.Equal(expected, Items(json).Count);
        Assert.All(Genres(json), g => Assert.True(g.Contains("Comedy") && g.Contains("Drama")));
    }

    [Fact]
    public async Task Without_user_the_answer_is_the_popular_chart()
    {
        var json = await fixture.Client.GetFromJsonAsync<JsonElement>("/recommend?genres=Action");
        var top = await fixture.Client.GetFromJsonAsync<JsonElement>("/top?genres=Action");

        Assert.Equal("popular", json.GetProperty("strategy").GetString());
        Assert.False(json.TryGetProperty("userId", out _));
        Assert.Equal(top.GetProperty("chart").GetRawText(), json.GetProperty("chart").GetRawText());
        var ids = json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("movieId").GetInt32()).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(top.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("movieId").GetInt32()), ids);
        Assert.All(json.GetProperty("items").EnumerateArray(), i => Assert.False(i.TryGetProperty("predictedRating", out _)));
    }

    [Fact]
    public async Task Predict_equals_the_scorer_and_the_recommended_rating()
    {
        var bundle = fixture.Bundle;
        var first = Items(await fixture.Client.GetFromJsonAsync<JsonElement>($"/recommend?user={UserId}&count=3"));
        foreach (var (movieId, recommended) in first)
        {
            var json = await fixture.Client.GetFromJsonAsync<JsonElement>($"/predict?user={UserId}&movie={movieId}");
            bundle.UserIds.TryGetIndex(UserId, out var u);
            bundle.MovieIds.TryGetIndex(movieId, out var m);

            var predicted = json.GetProperty("predictedRating").GetSingle();
            Assert.Equal(bundle.Scorer.Predict(u, m), predicted);
            Assert.Equal(recommended, predicted);
            Assert.False(json.GetProperty("alreadyRated").GetBoolean());
        }
    }

    [Fact]
    public async Task Predict_says_when_the_user_already_rated_the_movie()
    {
        var bundle = fixture.Bundle;
        bundle.UserIds.TryGetIndex(UserId, out var u);
        var ratedId = bundle.Movies[bundle.RatedByUser[u][0]].Id;

        var json = await fixture.Client.GetFromJsonAsync<JsonElement>($"/predict?user={UserId}&movie={ratedId}");

        Assert.True(json.GetProperty("alreadyRated").GetBoolean());
        Assert.Equal(bundle.Scorer.Predict(u, bundle.RatedByUser[u][0]), json.GetProperty("predictedRating").GetSingle());
    }

    [Fact]
    public async Task Concurrent_requests_get_the_answers_of_sequential_ones()
    {
        var urls = Enumerable.Range(1, 60).Select(u => $"/recommend?user={u}&count=20&genres=Action,Horror").ToArray();
        var sequential = new List<string>();
        foreach (var url in urls) sequential.Add(await fixture.Client.GetStringAsync(url));

        var parallel = await Task.WhenAll(urls.Select(url => Task.Run(() => fixture.Client.GetStringAsync(url))));

        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public async Task MinVotes_on_a_personalised_list_is_not_used_and_the_note_says_so()
    {
        var plain = await fixture.Client.GetFromJsonAsync<JsonElement>($"/recommend?user={UserId}");
        var withMinVotes = await fixture.Client.GetFromJsonAsync<JsonElement>($"/recommend?user={UserId}&minVotes=1000");

        Assert.Equal("personalized", withMinVotes.GetProperty("strategy").GetString());
        Assert.Equal(Items(plain), Items(withMinVotes));
        Assert.DoesNotContain("minVotes", Note(plain) ?? "", StringComparison.Ordinal);
        Assert.Contains("'minVotes' applies to popular picks only", Note(withMinVotes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("minVotes=1000000&genres=Comedy",
        "No movie qualifies: none has at least 1000000 ratings and matches the genres. Lower minVotes or widen the genres.")]
    [InlineData("minVotes=1000000", "No movie qualifies: none has at least 1000000 ratings. Lower minVotes.")]
    public async Task A_popular_list_that_nothing_qualifies_for_says_why(string query, string note)
    {
        var json = await fixture.Client.GetFromJsonAsync<JsonElement>("/recommend?" + query);

        Assert.Equal("popular", json.GetProperty("strategy").GetString());
        Assert.Equal(0, json.GetProperty("items").GetArrayLength());
        Assert.Equal(note, Note(json));
    }

    [Fact]
    public async Task A_popular_list_with_items_has_no_note()
    {
        var json = await fixture.Client.GetFromJsonAsync<JsonElement>("/recommend?minVotes=1");

        Assert.NotEqual(0, json.GetProperty("items").GetArrayLength());
        Assert.Null(Note(json));
    }

    // A null note is left out of the JSON.
    private static string? Note(JsonElement json) => json.TryGetProperty("note", out var note) ? note.GetString() : null;

    private static List<(int MovieId, float Rating)> Items(JsonElement json) =>
        json.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("movieId").GetInt32(), i.GetProperty("predictedRating").GetSingle())).ToList();

    private static IEnumerable<string[]> Genres(JsonElement json) =>
        json.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("genres").EnumerateArray().Select(g => g.GetString()!).ToArray());

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(60)]
    public async Task Each_pick_is_explained_by_the_liked_movie_nearest_to_it_by_brute_force(int userId)
    {
        var bundle = fixture.Bundle;
        bundle.UserIds.TryGetIndex(userId, out var u);
        var json = await fixture.Client.GetFromJsonAsync<JsonElement>($"/recommend?user={userId}&count=10");

        foreach (var item in json.GetProperty("items").EnumerateArray())
        {
            bundle.MovieIds.TryGetIndex(item.GetProperty("movieId").GetInt32(), out var m);
            // Brute force in double precision over the movies the user liked that have training ratings.
            var cosines = bundle.LikedByUser[u].Where(r => bundle.Movies[r].RatingCount > 0)
                .Select(r => (Movie: r, Cosine: Cosine(bundle.Scorer.MovieVector(m), bundle.Scorer.MovieVector(r)))).ToList();
            Assert.NotEmpty(cosines);
            var best = cosines.Max(c => c.Cosine);

            var because = item.GetProperty("because");
            bundle.MovieIds.TryGetIndex(because.GetProperty("movieId").GetInt32(), out var chosen);
            Assert.Contains(chosen, bundle.LikedByUser[u]);
            var chosenCosine = cosines.Single(c => c.Movie == chosen).Cosine;
            Assert.True(chosenCosine >= best - 1e-5, $"chose cosine {chosenCosine}, the best is {best}");
            Assert.InRange(because.GetProperty("similarity").GetDouble(), chosenCosine - 1e-4, chosenCosine + 1e-4); // reported to 4 decimals
            Assert.Equal(bundle.Movies[chosen].DisplayTitle, because.GetProperty("title").GetString());

            // The sentence names the movie and nothing else: the figures are in their own fields.
            Assert.Equal($"Because you liked {bundle.Movies[chosen].DisplayTitle}.", item.GetProperty("reason").GetString());
            Assert.Empty(item.GetProperty("matchedGenres").EnumerateArray()); // no filter asked for
        }
    }

    [Theory]
    [InlineData("/recommend?user=1&genres=Comedy,Drama,Horror&count=30")]
    [InlineData("/recommend?user=5&genres=Comedy,Drama&match=all&count=30")]
    [InlineData("/recommend?genres=Action,Sci-Fi&count=30")]
    public async Task Matched_genres_are_the_requested_genres_the_movie_has(string url)
    {
        var json = await fixture.Client.GetFromJsonAsync<JsonElement>(url);
        var requested = json.GetProperty("genres").EnumerateArray().Select(g => g.GetString()!).ToHashSet();

        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            var genres = item.GetProperty("genres").EnumerateArray().Select(g => g.GetString()!).ToHashSet();
            var matched = item.GetProperty("matchedGenres").EnumerateArray().Select(g => g.GetString()!).ToList();
            Assert.NotEmpty(matched);
            Assert.Subset(requested, matched.ToHashSet());
            Assert.Subset(genres, matched.ToHashSet());
            Assert.Equal(requested.Intersect(genres).Order(), matched.Order()); // all of the overlap, nothing else
            // A popular pick's sentence names the matched genres ("One of the best-loved Comedy and Drama movies.").
            if (json.GetProperty("strategy").GetString() == "popular")
                foreach (var g in matched) Assert.Contains(g, item.GetProperty("reason").GetString()!);
        }
    }

    [Fact]
    public async Task Popular_picks_say_they_are_best_loved_in_words_and_keep_their_figures_in_fields()
    {
        var json = await fixture.Client.GetFromJsonAsync<JsonElement>("/recommend?count=5");

        foreach (var item in json.GetProperty("items").EnumerateArray())
        {
            Assert.Equal("One of the best-loved movies of all.", item.GetProperty("reason").GetString());
            Assert.True(item.GetProperty("ratingCount").GetInt32() > 0);
            Assert.True(item.GetProperty("ratingMean").GetDouble() > 0);
            Assert.False(item.TryGetProperty("because", out _));
        }
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
