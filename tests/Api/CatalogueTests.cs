using System.Net.Http.Json;
using System.Numerics.Tensors;
using System.Text.Json;

namespace HybridRecommender.Tests.Api;

/// <summary>/movies, /movies/{id}, /movies/{id}/similar, /genres, /users/{id}.</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class CatalogueTests(TrainedBundleFixture fixture)
{
    [Fact]
    public async Task Search_matches_title_substrings_in_any_case_and_pages()
    {
        // Synthetic titles are "Movie 0" … "Movie 79": "movie 1" matches 1, 10–19.
        var first = await fixture.Client.GetFromJsonAsync<JsonElement>("/movies?q=MOVIE%201&pageSize=4");
        var second = await fixture.Client.GetFromJsonAsync<JsonElement>("/movies?q=MOVIE%201&pageSize=4&page=3");

        Assert.Equal(11, first.GetProperty("total").GetInt32());
        Assert.Equal(["Movie 1", "Movie 10", "Movie 11", "Movie 12"], Titles(first));
        Assert.Equal(["Movie 17", "Movie 18", "Movie 19"], Titles(second));
    }

    [Fact]
    public async Task Search_filters_by_genre()
    {
        var json = await fixture.Client.GetFromJsonAsync<JsonElement>("/movies?genres=horror,romance&match=all&pageSize=100");

        var expected = fixture.Bundle.Movies.Count(m => m.Genres.Contains("Horror") && m.Genres.Contains("Romance"));
        Assert.Equal(expected, json.GetProperty("total").GetInt32());
        Assert.Equal(expected, json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_movie_comes_with_its_training_statistics()
    {
        var entry = fixture.Bundle.Movies[5];

        var json = await fixture.Client.GetFromJsonAsync<JsonElement>($"/movies/{entry.Id}");

        Assert.Equal(entry.Title, json.GetProperty("title").GetString());
        Assert.Equal(entry.RatingCount, json.GetProperty("ratingCount").GetInt32());
        Assert.Equal(entry.RatingMean, json.GetProperty("ratingMean").GetDouble());
    }

    [Fact]
    public async Task Similar_movies_are_the_nearest_by_cosine_of_the_movie_vectors()
    {
        var bundle = fixture.Bundle;
        const int movie = 3;
        var expected = Enumerable.Range(0, bundle.Movies.Count)
            .Where(m => m != movie && bundle.Movies[m].RatingCount > 0)
            .Select(m => (Id: bundle.Movies[m].Id, Cos: (double)TensorPrimitives.CosineSimilarity(bundle.Scorer.MovieVector(movie), bundle.Scorer.MovieVector(m))))
            .OrderByDescending(x => x.Cos).Take(5).ToList();

        var json = await fixture.Client.GetFromJsonAsync<JsonElement>($"/movies/{bundle.Movies[movie].Id}/similar?count=5");

        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Select(e => e.Id), items.Select(i => i.GetProperty("movieId").GetInt32()));
        for (var i = 0; i < 5; i++)
            Assert.Equal(expected[i].Cos, items[i].GetProperty("similarity").GetDouble(), 4);
    }

    [Fact]
    public async Task Genres_are_the_vocabulary_with_movie_counts()
    {
        var json = await fixture.Client.GetFromJsonAsync<JsonElement>("/genres");

        var genres = json.EnumerateArray().ToList();
        Assert.Equal(fixture.Bundle.Genres.Names, genres.Select(g => g.GetProperty("name").GetString()));
        Assert.Equal(fixture.Bundle.Movies.Count(m => m.Genres.Contains("Drama")),
            genres.Single(g => g.GetProperty("name").GetString() == "Drama").GetProperty("movieCount").GetInt32());
    }

    [Fact]
    public async Task A_user_has_a_rated_count_and_favourite_genres()
    {
        var bundle = fixture.Bundle;
        bundle.UserIds.TryGetIndex(7, out var u);
        var rated = bundle.RatedByUser[u].Select(m => bundle.Movies[m]).ToList();

        var json = await fixture.Client.GetFromJsonAsync<JsonElement>("/users/7");

        Assert.Equal(rated.Count, json.GetProperty("ratedCount").GetInt32());
        var favourites = json.GetProperty("favouriteGenres").EnumerateArray().ToList();
        var counts = favourites.Select(f => f.GetProperty("ratedMovies").GetInt32()).ToList();
        Assert.Equal(counts.OrderDescending(), counts);
        var top = favourites[0];
        Assert.Equal(rated.Count(m => m.Genres.Contains(top.GetProperty("genre").GetString()!)), counts[0]);
    }

    private static string[] Titles(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToArray();
}
