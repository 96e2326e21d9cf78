using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Evaluation;

namespace HybridRecommender.Tests.Model;

/// <summary>The API's fold-in prior, fitted from the bundle alone, is the one evaluate and validation fit from the data.</summary>
public sealed class BundleFoldInPriorTests(SyntheticBundle fixture) : IClassFixture<SyntheticBundle>
{
    [Fact]
    public void The_bundles_prior_is_fitted_on_the_train_split_and_the_trained_rows()
    {
        var data = fixture.Data;
        var card = fixture.Bundle.Card;
        var split = card.Split.Of(data);
        var train = ImplicitFeedback.FromRatings(data.Ratings, split.Train, data.Users.Count, data.Movies.Count);
        var reference = RatedMoviesPrior.Fit(train, fixture.Bundle.Scorer, threads: 1);
        var served = fixture.Bundle.FoldInPrior;
        Assert.NotNull(served); // ML-1M is far below RatedMoviesPrior.MaxMovies
        Assert.Equal(RatedMoviesPrior.DefaultLambda, served.Lambda);
        Assert.Equal(RatedMoviesPrior.DefaultSubsetSize, served.SubsetSize);
        var nonZero = 0;
        for (var m = 0; m < served.Movies; m++)
        {
            Assert.Equal(reference.Row(m).ToArray(), served.Row(m).ToArray());
            if (served.Row(m).ToArray().Any(v => v != 0)) nonZero++;
        }
        Assert.True(nonZero > served.Movies / 2, "Most movies have a train rating, so most rows should be fitted.");
    }
}
