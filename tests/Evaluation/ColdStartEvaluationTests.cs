using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Evaluation;

[Collection(LibTorchCollection.Name)]
public class ColdStartEvaluationTests(SyntheticBundle fixture) : IClassFixture<SyntheticBundle>
{
    private (RatingsSplit Split, RankingProtocol Protocol, PopularityPredictor Popularity) Setup()
    {
        var card = fixture.Bundle.Card;
        var split = card.Split.Of(fixture.Data);
        var protocol = RankingProtocol.Create(fixture.Data.Ratings, split, fixture.Data.Users.Count, fixture.Data.Movies.Count);
        return (split, protocol, PopularityPredictor.Fit(fixture.Data.Ratings, split.Train, fixture.Data.Movies.Count));
    }

    [Fact]
    public void The_sample_is_k_of_the_users_training_ratings_seeded_and_nested()
    {
        var (split, protocol, _) = Setup();
        var ratings = fixture.Data.Ratings;
        var a = ColdStartSample.Create(ratings, split.Train, protocol.Users, seed: 3);
        var b = ColdStartSample.Create(ratings, split.Train, protocol.Users.Reverse(), seed: 3);
        var c = ColdStartSample.Create(ratings, split.Train, protocol.Users, seed: 4);
        var train = split.Train.ToHashSet();
        var differs = false;
        foreach (var u in protocol.Users)
        {
            var count = split.Train.Count(i => ratings.UserIndex[i] == u);
            Assert.False(a.TryTake(u, count + 1, out _));
            Assert.True(a.TryTake(u, 10, out var ten));
            Assert.True(a.TryTake(u, 5, out var five));
            Assert.Equal(ten[..5].ToArray(), five.ToArray());
            Assert.All(ten.ToArray(), i => Assert.True(train.Contains(i) && ratings.UserIndex[i] == u));
            Assert.Equal(10, ten.ToArray().Distinct().Count());
            Assert.True(b.TryTake(u, 10, out var again));
            Assert.Equal(ten.ToArray(), again.ToArray());
            c.TryTake(u, 10, out var other);
            differs |= !ten.SequenceEqual(other);
        }
        Assert.True(differs, "Another seed should choose other ratings.");
    }

    [Fact]
    public void Fold_in_ignores_the_trained_user_rows_and_popularity_is_ranked_on_the_same_users()
    {
        var (split, protocol, popularity) = Setup();
        var ratings = fixture.Data.Ratings;
        var sample = ColdStartSample.Create(ratings, split.Train, protocol.Users, seed: 1);
        var train = ImplicitFeedback.FromRatings(ratings, split.Train, fixture.Data.Users.Count, fixture.Data.Movies.Count);
        var served = fixture.Bundle.Ranking;
        var result = ColdStartEvaluation.Measure(served, null, ratings, split.Test, protocol, sample, popularity, k: 10, threads: 2, train);

        // The same network with every trained user row scrambled gives the same fold-in figures.
        var scrambled = new HybridWeights(fixture.Bundle.Network.Shape);
        scrambled.LoadStateDict(fixture.Bundle.Network.StateDict());
        var rng = new Random(9);
        foreach (var t in new[] { scrambled.UserEmbedding.Weight.Value.Data, scrambled.UserBias.Weight.Value.Data })
            for (var i = 0; i < t.Length; i++) t[i] = (float)(rng.NextDouble() * 10 - 5);
        var other = ColdStartEvaluation.Measure(
            new ServedRanking(new RatingScorer(scrambled, fixture.Bundle.Card.MinRating, fixture.Bundle.Card.MaxRating), served.RatingWeight, served.ItemItem, served.ItemItemWeight,
                served.FoldInRatingWeight, served.FoldInItemItemWeight),
            null, ratings, split.Test, protocol, sample, popularity, k: 10, threads: 1, train);
        Assert.Equal(result.FoldIn, other.FoldIn);
        Assert.Equal(result.FoldInAccuracy, other.FoldInAccuracy);
        Assert.NotEqual(result.TrainedRows, other.TrainedRows);

        var eligible = protocol.Users.Where(u => split.Train.Count(i => ratings.UserIndex[i] == u) >= 10).ToArray();
        Assert.Equal(eligible.Length, result.Users);
        Assert.Equal(protocol.Users.Count - eligible.Length, result.SkippedUsers);
        var popularityOnThem = protocol.ForUsers(eligible.Contains).Evaluate(RankingProtocol.FromPredictor(popularity), threads: 1);
        Assert.Equal(popularityOnThem, result.Popularity);
        Assert.Equal(result.Users, result.FoldIn.Users);
        Assert.Equal(split.Test.Count(i => eligible.Contains(ratings.UserIndex[i])), result.FoldInAccuracy.Count);
    }

    [Fact]
    public void Users_with_fewer_than_k_training_ratings_are_skipped_and_counted()
    {
        var (split, protocol, popularity) = Setup();
        var ratings = fixture.Data.Ratings;
        var sample = ColdStartSample.Create(ratings, split.Train, protocol.Users, seed: 1);
        var counts = protocol.Users.Select(u => split.Train.Count(i => ratings.UserIndex[i] == u)).Order().ToArray();
        var k = counts[counts.Length / 2]; // about half the users have fewer
        var train = ImplicitFeedback.FromRatings(ratings, split.Train, fixture.Data.Users.Count, fixture.Data.Movies.Count);
        var result = ColdStartEvaluation.Measure(fixture.Bundle.Ranking, null, ratings, split.Test, protocol, sample, popularity, k, threads: 2, train);
        Assert.Equal(counts.Count(c => c < k), result.SkippedUsers);
        Assert.Equal(counts.Count(c => c >= k), result.Users);
        Assert.InRange(result.SkippedUsers, 1, protocol.Users.Count - 1);
    }

    [Fact]
    public void Evaluate_reports_each_k_and_states_the_bar()
    {
        var report = Evaluator.Run(fixture.Bundle, fixture.Data, new EvaluationOptions { Threads = 2, Ablation = false });
        Assert.Equal([5, 10, 20], report.ColdStart!.Select(r => r.Ratings));
        Assert.All(report.ColdStart!, r => Assert.Equal(report.RankedUsers, r.Users + r.SkippedUsers));
        Assert.Contains(report.Findings, f => f.StartsWith("Cold start from 10 ratings:", StringComparison.Ordinal));
        Assert.Contains(report.Protocol, p => p.StartsWith("Cold start:", StringComparison.Ordinal));
        var none = Evaluator.Run(fixture.Bundle, fixture.Data, new EvaluationOptions { Threads = 2, Ablation = false, ColdStart = false });
        Assert.Null(none.ColdStart);
    }
}
