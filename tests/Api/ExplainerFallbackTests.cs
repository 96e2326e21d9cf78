using HybridRecommender.Api.Serving;

namespace HybridRecommender.Tests.Api;

/// <summary>What a pick says when the person liked nothing it can cite: the genres it shares with their taste, else a plain "picked for you".</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class ExplainerFallbackTests(TrainedBundleFixture fixture)
{
    [Fact]
    public void Taste_is_the_three_genres_most_frequent_among_the_liked_movies()
    {
        var bundle = fixture.Bundle;
        var explainer = new RecommendationExplainer(bundle, new MovieSimilarity(bundle));
        var liked = new[] { 0, 1, 2, 3, 4, 5, 6, 7 };

        // By hand: count each genre over the liked movies, keep the top three (ties: vocabulary order).
        var counts = Enumerable.Range(0, bundle.Genres.Count)
            .Select(g => (Genre: g, Count: liked.Count(m => (bundle.MovieGenreMask[m] & (1UL << g)) != 0))).ToList();
        var expected = counts.Where(c => c.Count > 0).OrderByDescending(c => c.Count).ThenBy(c => c.Genre).Take(3)
            .Aggregate(0UL, (mask, c) => mask | (1UL << c.Genre));

        Assert.Equal(expected, explainer.TasteOf(liked));
        Assert.Equal(0UL, explainer.TasteOf([]));
    }

    [Fact]
    public void Without_a_liked_movie_the_reason_names_shared_genres_or_says_it_was_picked_from_the_ratings()
    {
        var bundle = fixture.Bundle;
        var explainer = new RecommendationExplainer(bundle, new MovieSimilarity(bundle));
        const int movie = 3;
        var genres = bundle.Movies[movie].Genres;

        var shared = explainer.Personalised([], bundle.Genres.MaskOf(genres.Take(1)), movie, GenreFilter.None);
        Assert.Equal($"Picked for your taste in {genres[0]}.", shared.Reason);
        Assert.Null(shared.Because);

        var none = explainer.Personalised([], 0, movie, GenreFilter.None);
        Assert.Equal("Picked for you from your ratings.", none.Reason);
        Assert.Null(none.Because);
    }
}
