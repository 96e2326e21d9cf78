using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Tests.Model;

/// <summary>
/// Above <see cref="RatedMoviesPrior.MaxMovies"/> movies with a train positive the fold-in prior is not fitted (its Gram
/// matrix would be n² doubles: 61 GB at ML-32M's 87,585 movies): new users get the plain fit, in evaluation as in serving.
/// </summary>
public sealed class FoldInPriorSizeLimitTests
{
    private static ImplicitFeedback OneUserRating(int movies) =>
        ImplicitFeedback.FromLists([Enumerable.Range(0, movies).ToArray(), [0, 1]], movies);

    [Fact]
    public void The_limit_counts_movies_with_a_train_positive()
    {
        Assert.True(RatedMoviesPrior.Fits(OneUserRating(RatedMoviesPrior.MaxMovies)));
        Assert.False(RatedMoviesPrior.Fits(OneUserRating(RatedMoviesPrior.MaxMovies + 1)));
        // Movies nobody rated do not count: a large catalogue with few rated movies still fits.
        Assert.True(RatedMoviesPrior.Fits(ImplicitFeedback.FromLists([[0, 5, 9], [1, 2]], RatedMoviesPrior.MaxMovies * 3)));
    }

    [Fact]
    public void Above_the_limit_cross_fitted_priors_are_absent_and_new_users_get_the_plain_fit()
    {
        var movies = RatedMoviesPrior.MaxMovies + 1;
        var scorer = new RatingScorer(new HybridWeights(new HybridNetworkShape(2, movies, 0, 2, [])), 1, 5);
        var priors = CrossFittedPriors.Fit(OneUserRating(movies), scorer);
        Assert.Equal(CrossFittedPriors.DefaultFolds, priors.Folds);
        Assert.Null(priors.For(0));
        Assert.Null(priors.For(1));

        var foldIn = new UserFoldIn(scorer);
        var withoutPrior = new NewUserFoldIn(foldIn, priors.For(0)).Fit([3, 7], [5f, 2f]);
        var plain = foldIn.Fit([3, 7], [5f, 2f], null, out _);
        Assert.Equal(plain.Vector, withoutPrior.Vector);
        Assert.Equal(plain.Bias, withoutPrior.Bias);
    }

    [Fact]
    public void Below_the_limit_every_fold_has_a_prior()
    {
        var scorer = new RatingScorer(new HybridWeights(new HybridNetworkShape(6, 4, 0, 2, [])), 1, 5);
        var train = ImplicitFeedback.FromLists([[0, 1], [1, 2], [2, 3], [0, 3], [0, 2], [1, 3]], 4);
        var priors = CrossFittedPriors.Fit(train, scorer, folds: 2);
        Assert.NotNull(priors.For(0));
        Assert.NotNull(priors.For(1));
    }
}
