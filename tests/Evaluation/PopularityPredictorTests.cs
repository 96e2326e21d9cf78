using HybridRecommender.Core.Data;
using HybridRecommender.Core.Evaluation;

namespace HybridRecommender.Tests.Evaluation;

public class PopularityPredictorTests
{
    [Fact]
    public void Percentile_interpolates_between_closest_ranks()
    {
        Assert.Equal(4.6, PopularityPredictor.Percentile([5, 1, 4, 2, 3], 90), 12);
        Assert.Equal(3.0, PopularityPredictor.Percentile([5, 1, 4, 2, 3], 50), 12);
        Assert.Equal(7.0, PopularityPredictor.Percentile([7], 90), 12);
    }

    [Fact]
    public void Weighted_rating_from_training_positions_only()
    {
        // Movie 0: 5, 5 in train; movie 1: 1 in train (its 5 at position 3 is not train); movie 2: no rating.
        var table = new RatingTable([0, 1, 0, 1], [0, 0, 1, 1], [5, 5, 1, 5], new long[4]);
        var p = PopularityPredictor.Fit(table, [0, 1, 2], movies: 3);
        var m = 1 + 0.9 * (2 - 1);     // 90th percentile of vote counts {2, 1}
        var c = 11.0 / 3;               // train mean
        Assert.Equal(m, p.MinimumVotes, 12);
        Assert.Equal(c, p.Mean, 12);
        Assert.Equal((float)(2 / (2 + m) * 5 + m / (2 + m) * c), p.Predict(0, 0));
        Assert.Equal((float)(1 / (1 + m) * 1 + m / (1 + m) * c), p.Predict(1, 1));
        Assert.Equal((float)c, p.Predict(0, 2));
        Assert.Equal(p.Predict(0, 0), p.Predict(1, 0)); // not personalised
    }
}
