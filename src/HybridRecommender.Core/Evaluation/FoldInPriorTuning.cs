using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// One fold-in prior setting on validation's cold-start protocol: per k, NDCG@10 and its paired difference to the zero prior
/// (the default fold-in options) on the same users. <see cref="Lambda"/> null = the zero prior itself.
/// </summary>
public sealed record FoldInPriorRow(double? Lambda, int SubsetSize, float VectorPenalty, int CrossFitFolds,
    IReadOnlyList<(int K, double Ndcg, PairedDifference VersusZero)> Results)
{
    public double MeanNdcg => Results.Average(r => r.Ndcg);
}

/// <summary>
/// Chooses the <see cref="RatedMoviesPrior"/> settings on the VALIDATION split, never test: validation's cold-start protocol
/// (train = seen, validation = held out, the users folded in from k = 5, 10, 20 of their train ratings, seed 7), ranked by the
/// bundle's served score for folded-in users, as `tune-fold-in --served-score` does. With <c>crossFitFolds</c> ≥ 2 each user's
/// prior is fitted on the other folds' users only, so a user's own trained row never shapes the prior they are given — what
/// a brand-new user meets; with 0, one prior fitted on every trained user (what the API serves).
/// </summary>
public static class FoldInPriorTuning
{
    public static IReadOnlyList<FoldInPriorRow> Run(ModelBundle bundle, MovieLensDataset data, int threads, IReadOnlyList<double> lambdas,
        IReadOnlyList<int> subsetSizes, IReadOnlyList<float> vectorPenalties, int crossFitFolds, Action<FoldInPriorRow>? progress = null,
        CancellationToken cancellation = default)
    {
        var card = bundle.Card;
        BundleDataCheck.Verify(card, data, null);
        var split = RatingsSplit.Create(data, card.Split.Seed, card.Split.TestFraction, card.Split.ValidationFraction);
        var ratings = data.Ratings;
        var protocol = RankingProtocol.Create(ratings, split.Train, split.Validation, data.Users.Count, data.Movies.Count);
        var sample = ColdStartSample.Create(ratings, split.Train, protocol.Users, ColdStartEvaluation.DefaultSeed);
        var train = ImplicitFeedback.FromRatings(ratings, split.Train, data.Users.Count, data.Movies.Count);
        var ranking = bundle.Ranking;
        var scorer = bundle.Scorer;
        var folds = ColdStartEvaluation.DefaultRatingCounts.Select(k => (K: k, Users: protocol.ForUsers(u => sample.TryTake(u, k, out _))))
            .Where(f => f.Users.Users.Count > 0).ToArray();

        double[] PerUser(RankingProtocol users, int k, FoldInOptions options, Func<int, int[], UserProfile?>? priorOf)
        {
            var (profiles, given, _) = ColdStartEvaluation.FoldIn(scorer, options, ratings, users, sample, k, threads, cancellation, priorOf);
            return RankingMetrics.NdcgPerList(users.Rank((u, s) => ranking.ScoreAll(profiles[u], given[u], s, foldedIn: true), threads), users.K);
        }

        var zero = folds.Select(f => PerUser(f.Users, f.K, FoldInOptions.Default, null)).ToArray();
        var rows = new List<FoldInPriorRow>();
        FoldInPriorRow Row(double? lambda, int subsetSize, float vectorPenalty, int crossFit, double[][] perUser)
        {
            var row = new FoldInPriorRow(lambda, subsetSize, vectorPenalty, crossFit,
                folds.Select((f, n) => (f.K, perUser[n].Average(), PairedDifference.Of(perUser[n], zero[n]))).ToArray());
            rows.Add(row);
            progress?.Invoke(row);
            return row;
        }
        Row(null, 0, FoldInOptions.Default.VectorPenalty, 0, zero);

        foreach (var subsetSize in subsetSizes)
            foreach (var lambda in lambdas)
            {
                cancellation.ThrowIfCancellationRequested();
                RatedMoviesPrior Fit(Func<int, bool>? include) =>
                    RatedMoviesPrior.Fit(train, scorer.TrainedProfile, scorer.Shape.Dim, lambda, subsetSize, threads, include);
                Func<int, int[], UserProfile?> priorOf;
                if (crossFitFolds >= 2)
                {
                    var priors = Enumerable.Range(0, crossFitFolds).Select(f => Fit(u => u % crossFitFolds != f)).ToArray();
                    priorOf = (u, movies) => priors[u % crossFitFolds].For(movies);
                }
                else
                {
                    var prior = Fit(null);
                    priorOf = (_, movies) => prior.For(movies);
                }
                foreach (var vp in vectorPenalties)
                {
                    var options = FoldInOptions.Default with { VectorPenalty = vp };
                    Row(lambda, subsetSize, vp, crossFitFolds, folds.Select(f => PerUser(f.Users, f.K, options, priorOf)).ToArray());
                }
            }
        return rows;
    }
}
