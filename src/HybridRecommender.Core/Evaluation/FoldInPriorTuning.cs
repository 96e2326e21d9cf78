using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// One fold-in prior setting on validation's cold-start protocol: per k, NDCG@10 and its paired difference to the plain fit
/// (no prior; the card's β_f, w_f) on the same users, and the fold-in RMSE on those users' validation ratings.
/// <see cref="Lambda"/> null = the plain fit itself.
/// </summary>
public sealed record FoldInPriorRow(double? Lambda, int SubsetSize, PriorShareRule Share, float VectorScale, int CrossFitFolds, float RatingWeight, float ItemItemWeight,
    IReadOnlyList<(int K, double Ndcg, PairedDifference VersusPlain, double Rmse)> Results)
{
    public double MeanNdcg => Results.Average(r => r.Ndcg);
    public double MeanRmse => Results.Average(r => r.Rmse);
}

/// <summary>
/// The prior's share t for a user folded in from k ratings, as tried on validation: a constant, or <see cref="NewUserFoldIn"/>'s
/// rule k0 / (k0 + k) — the prior weighing as much as k0 ratings, so it matters more the fewer ratings there are (t = ½ at k = k0).
/// </summary>
public sealed record PriorShareRule(float? Constant, float? PriorWeight)
{
    public static PriorShareRule Fixed(float t) => new(t, null);
    public static PriorShareRule ByCount(float k0) => new(null, k0);
    public float At(int k) => Constant ?? NewUserFoldIn.Share(PriorWeight!.Value, k);
    public override string ToString() => Constant is { } t
        ? t.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : FormattableString.Invariant($"k0/(k0+k), k0 = {PriorWeight}");
}

/// <summary>
/// Chooses the <see cref="RatedMoviesPrior"/> settings (λ, the k of its fit) and <see cref="NewUserFoldIn"/>'s share t (or k0) on the
/// VALIDATION split, never test: validation's cold-start protocol (train = seen, validation = held out, the users folded in from
/// k = 5, 10, 20 of their train ratings, seed 7), ranked by the bundle's served score for folded-in users (or other β_f, w_f).
/// With <c>crossFitFolds</c> ≥ 2 each user's prior is fitted without their own row (<see cref="CrossFittedPriors"/>), as
/// evaluate measures; with 0, one prior fitted on every trained user (what the API serves).
/// </summary>
public static class FoldInPriorTuning
{
    public static IReadOnlyList<FoldInPriorRow> Run(ModelBundle bundle, MovieLensDataset data, int threads, IReadOnlyList<double> lambdas,
        IReadOnlyList<int> subsetSizes, IReadOnlyList<PriorShareRule> shares, IReadOnlyList<(float Beta, float W)> weights, int crossFitFolds,
        Action<FoldInPriorRow>? progress = null, CancellationToken cancellation = default, Action<string>? status = null,
        IReadOnlyList<float>? vectorScales = null)
    {
        // s: the blended vector times s (1 = the blend itself): s > 1 undoes some of the fit's shrinkage towards zero, which in the
        // relevance score p·v_i + c_i leaves the popularity-like biases c_i more weight the fewer ratings there are.
        vectorScales ??= [1f];
        var card = bundle.Card;
        BundleDataCheck.Verify(card, data, null);
        var split = card.Split.Of(data);
        var ratings = data.Ratings;
        var protocol = RankingProtocol.Create(ratings, split.Train, split.Validation, data.Users.Count, data.Movies.Count);
        var sample = ColdStartSample.Create(ratings, split.Train, protocol.Users, ColdStartEvaluation.DefaultSeed);
        var train = ImplicitFeedback.FromRatings(ratings, split.Train, data.Users.Count, data.Movies.Count);
        if (!RatedMoviesPrior.Fits(train))
            throw new ArgumentException($"More than {RatedMoviesPrior.MaxMovies:N0} movies have a train rating: the fold-in prior is not fitted at this size (docs/MODEL.md, \"Fold-in prior\"), so there is nothing to tune.");
        var served = bundle.Ranking;
        var scorer = bundle.Scorer;
        var folds = ColdStartEvaluation.DefaultRatingCounts.Select(k => (K: k, Users: protocol.ForUsers(u => sample.TryTake(u, k, out _))))
            .Where(f => f.Users.Users.Count > 0).ToArray();

        // Each k's users' validation ratings, for the fold-in RMSE (the profile's bias and vector both enter r̂).
        var heldOut = folds.Select(f => { var kept = f.Users.Users.ToHashSet(); return split.Validation.Where(i => kept.Contains(ratings.UserIndex[i])).ToArray(); }).ToArray();
        double Rmse(int n, IReadOnlyDictionary<int, UserProfile> profiles) =>
            AccuracyMetrics.Of(AccuracyMetrics.Predict(new FoldedInUsers(scorer, profiles), ratings, heldOut[n])).Rmse;

        double[] Ndcg(RankingProtocol users, IReadOnlyDictionary<int, UserProfile> profiles, IReadOnlyDictionary<int, int[]> given, ServedRanking ranking) =>
            RankingMetrics.NdcgPerList(users.Rank((u, s) => ranking.ScoreAll(profiles[u], given[u], s, foldedIn: true), threads), users.K);

        // The plain fits (t = 0) once: NewUserFoldIn blends this same fit with the prior, so every t reuses them.
        var plainFits = folds.Select(f => ColdStartEvaluation.FoldIn(scorer, FoldInOptions.Default, ratings, f.Users, sample, f.K, threads, cancellation)).ToArray();
        var plain = folds.Select((f, n) => Ndcg(f.Users, plainFits[n].Profiles, plainFits[n].Given, served)).ToArray();
        var rows = new List<FoldInPriorRow>();
        void Row(double? lambda, int subsetSize, PriorShareRule share, float scale, float beta, float w, double[][] perUser, double[] rmse)
        {
            var row = new FoldInPriorRow(lambda, subsetSize, share, scale, crossFitFolds, beta, w,
                folds.Select((f, n) => (f.K, perUser[n].Average(), PairedDifference.Of(perUser[n], plain[n]), rmse[n])).ToArray());
            rows.Add(row);
            progress?.Invoke(row);
        }
        Row(null, 0, PriorShareRule.Fixed(0), 1f, served.FoldInRatingWeight, served.FoldInItemItemWeight, plain,
            folds.Select((_, n) => Rmse(n, plainFits[n].Profiles)).ToArray());

        foreach (var subsetSize in subsetSizes)
            foreach (var lambda in lambdas)
            {
                cancellation.ThrowIfCancellationRequested();
                Func<int, RatedMoviesPrior?> priorFor;
                if (crossFitFolds >= 2)
                {
                    var priors = CrossFittedPriors.Fit(train, scorer, crossFitFolds, lambda, subsetSize, threads);
                    priorFor = priors.For;
                    status?.Invoke(FormattableString.Invariant($"  prior λ = {lambda}, k = {subsetSize}: {crossFitFolds} fits of {string.Join(", ", Enumerable.Range(0, crossFitFolds).Select(f => $"{priors.For(f)!.FitSeconds:0.0}"))} s"));
                }
                else
                {
                    var prior = RatedMoviesPrior.Fit(train, scorer, lambda, subsetSize, threads);
                    priorFor = _ => prior;
                    status?.Invoke(FormattableString.Invariant($"  prior λ = {lambda}, k = {subsetSize}: fitted in {prior.FitSeconds:0.0} s"));
                }
                foreach (var share in shares)
                foreach (var scale in vectorScales)
                {
                    var profiles = plainFits.Select((fit, n) => (IReadOnlyDictionary<int, UserProfile>)fit.Profiles.ToDictionary(p => p.Key,
                        p => Scaled(priorFor(p.Key)?.For(fit.Given[p.Key]) is { } prior ? NewUserFoldIn.Blend(p.Value, prior, share.At(folds[n].K)) : p.Value, scale))).ToArray();
                    var rmse = folds.Select((_, n) => Rmse(n, profiles[n])).ToArray();
                    foreach (var (beta, w) in weights)
                    {
                        var ranking = new ServedRanking(scorer, served.RatingWeight, served.ItemItem, served.ItemItemWeight, beta, served.ItemItem is null ? 0f : w);
                        Row(lambda, subsetSize, share, scale, beta, w, folds.Select((f, n) => Ndcg(f.Users, profiles[n], plainFits[n].Given, ranking)).ToArray(), rmse);
                    }
                }
            }
        return rows;
    }

    private static UserProfile Scaled(UserProfile profile, float scale) =>
        scale == 1f ? profile : new UserProfile(profile.Vector.Select(x => scale * x).ToArray(), profile.Bias);
}
