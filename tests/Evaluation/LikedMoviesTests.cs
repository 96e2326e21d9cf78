using HybridRecommender.Core.Bundle;

namespace HybridRecommender.Tests.Evaluation;

public sealed class LikedMoviesTests
{
    [Theory]
    [InlineData(4.6, 4.0)] // a generous rater: 4 stars
    [InlineData(3.5, 3.5)] // a harsher one: their own mean
    [InlineData(2.1, 3.0)] // never below 3 stars
    public void The_bar_is_4_or_the_mean_when_lower_but_never_below_3(double mean, float bar) =>
        Assert.Equal(bar, LikedMovies.Threshold(mean));

    [Fact]
    public void Liked_movies_by_hand()
    {
        // Ratings 5, 3, 4, 2 on movies 9, 4, 7, 1: mean 3.5, so 4 and 5 count, 3 does not.
        Assert.Equal([7, 9], LikedMovies.Of([9, 4, 7, 1], [5, 3, 4, 2]));
        // Ratings 3, 3, 2, 1: mean 2.25, the bar is 3.
        Assert.Equal([2, 5], LikedMovies.Of([5, 2, 8, 3], [3, 3, 2, 1]));
        // All 5: everything is liked.
        Assert.Equal([1, 2], LikedMovies.Of([2, 1], [5, 5]));
        Assert.Empty(LikedMovies.Of([], []));
    }
}
