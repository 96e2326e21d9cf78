using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Evaluation;

namespace HybridRecommender.Tests.Model;

/// <summary>The served score: relevance + β·r̂ + w·item–item, its item–item model rebuilt from the bundle equal to evaluate's.</summary>
public sealed class ServedRankingTests(SyntheticBundle fixture) : IClassFixture<SyntheticBundle>
{
    private ImplicitFeedback Train()
    {
        var data = fixture.Data;
        var card = fixture.Bundle.Card;
        var split = card.Split.Of(data);
        return ImplicitFeedback.FromRatings(data.Ratings, split.Train, data.Users.Count, data.Movies.Count);
    }

    [Fact]
    public void The_bundles_train_positives_are_the_splits_train_ratings()
    {
        var fromBundle = fixture.Bundle.TrainPositives();
        var fromData = Train();
        Assert.Equal(fromData.Users, fromBundle.Users);
        Assert.Equal(fromData.Positives, fromBundle.Positives);
        for (var u = 0; u < fromData.Users; u++) Assert.Equal(fromData.MoviesOf(u).ToArray(), fromBundle.MoviesOf(u).ToArray());
        // Not vacuous: rated.bin also holds validation and test movies, which the split must have removed.
        Assert.True(fixture.Bundle.RatedByUser.Sum(r => (long)r.Length) > fromBundle.Positives);
    }

    [Fact]
    public void The_bundles_item_item_term_is_EASE_fitted_on_train_at_the_cards_lambda()
    {
        var card = fixture.Bundle.Card with { Ranking = fixture.Bundle.Card.Ranking! with { ItemItemLambda = 20, ItemItemWeight = 3f } };
        var bundle = new ModelBundle(card, fixture.Bundle.Network, fixture.Bundle.Movies, fixture.Bundle.RatedByUser, fixture.Bundle.LikedByUser);
        var reference = EaseRanker.Fit(Train(), 20, threads: 1);
        var served = bundle.Ranking;
        Assert.Equal(3f, served.ItemItemWeight);
        for (var a = 0; a < reference.Movies; a++)
            for (var b = 0; b < reference.Movies; b++)
                Assert.Equal(reference.Weight(a, b), served.ItemItem!.Weight(a, b));
    }

    [Fact]
    public void The_score_is_the_ranking_score_plus_w_times_the_item_item_score_of_the_rated_movies()
    {
        var scorer = fixture.Bundle.Scorer;
        var ease = EaseRanker.Fit(Train(), 20, threads: 1);
        var served = new ServedRanking(scorer, 0.5f, ease, 2f);
        int[] rated = [1, 4, 9, 30];
        var profile = scorer.TrainedProfile(3);

        var scores = new float[scorer.MovieCount];
        served.ScoreAll(profile, rated, scores);
        var network = new float[scorer.MovieCount];
        scorer.RankScoreAll(profile, network, 0.5f);
        var itemItem = new float[scorer.MovieCount];
        ease.Score(rated, itemItem);
        var changed = 0;
        for (var m = 0; m < scores.Length; m++)
        {
            if (float.IsNegativeInfinity(itemItem[m])) { Assert.True(float.IsNegativeInfinity(scores[m])); continue; }
            Assert.Equal(network[m] + 2f * itemItem[m], scores[m], 1e-5f);
            if (itemItem[m] != 0) changed++;
        }
        Assert.True(changed > 10, "the item–item term should move most scores");

        // The trained-row overload is the profile path.
        var byRow = new float[scorer.MovieCount];
        served.ScoreAll(3, rated, byRow);
        Assert.Equal(scores, byRow);
    }

    [Fact]
    public void Without_an_item_item_weight_the_score_is_the_networks_ranking_score_bit_for_bit()
    {
        var scorer = fixture.Bundle.Scorer;
        var served = new ServedRanking(scorer, 0.5f, EaseRanker.Fit(Train(), 20, threads: 1), 0f);
        Assert.Null(served.ItemItem);
        var scores = new float[scorer.MovieCount];
        served.ScoreAll(5, [2, 3], scores);
        var expected = new float[scorer.MovieCount];
        scorer.RankScoreAll(5, expected, 0.5f);
        Assert.Equal(expected, scores);
    }

    [Fact]
    public void A_folded_in_user_is_scored_with_the_fold_in_weights()
    {
        var scorer = fixture.Bundle.Scorer;
        var ease = EaseRanker.Fit(Train(), 20, threads: 1);
        var served = new ServedRanking(scorer, 0.5f, ease, 2f, foldInRatingWeight: 1f, foldInItemItemWeight: 0.25f);
        var asTrained = new ServedRanking(scorer, 1f, ease, 0.25f);
        int[] rated = [1, 4, 9];
        var profile = scorer.TrainedProfile(7);
        var folded = new float[scorer.MovieCount];
        served.ScoreAll(profile, rated, folded, foldedIn: true);
        var expected = new float[scorer.MovieCount];
        asTrained.ScoreAll(profile, rated, expected);
        Assert.Equal(expected, folded);
        var trained = new float[scorer.MovieCount];
        served.ScoreAll(profile, rated, trained);
        Assert.NotEqual(expected, trained);
        // Only a fold-in share: B is kept for it, and trained users get none of it.
        var onlyFoldIn = new ServedRanking(scorer, 0.5f, ease, 0f, 0.5f, 1f);
        Assert.NotNull(onlyFoldIn.ItemItem);
        onlyFoldIn.ScoreAll(profile, rated, trained);
        scorer.RankScoreAll(profile, expected, 0.5f);
        Assert.Equal(expected, trained);
    }

    [Fact]
    public void Negative_or_non_finite_weights_are_refused()
    {
        var scorer = fixture.Bundle.Scorer;
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServedRanking(scorer, 0.5f, null, -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServedRanking(scorer, float.NaN, null, 0f));
    }
}
