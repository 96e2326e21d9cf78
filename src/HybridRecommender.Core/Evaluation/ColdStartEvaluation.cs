using System.Collections.Concurrent;
using System.Globalization;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// Cold start at one k, on the ranking protocol's users who have at least k training ratings:
/// fold-in from k of them versus popularity, on exactly the same users, candidates and relevant sets.
/// <see cref="TrainedRows"/> is the same users ranked with their trained rows (what fold-in replaces: the
/// ceiling a model trained on all of a user's training ratings reaches). <see cref="FoldInAccuracy"/> and
/// <see cref="PopularityAccuracy"/> are over the same users' held-out ratings. The step counts are
/// fold-in's accepted Gauss–Newton steps per user.
/// </summary>
public sealed record ColdStartResult(
    int Ratings, int Users, int SkippedUsers,
    RankingScores FoldIn, RankingScores Popularity, RankingScores TrainedRows,
    AccuracyMetrics FoldInAccuracy, AccuracyMetrics PopularityAccuracy,
    int FoldInTiedAtCutoff, double MeanFoldInSteps, int MaxFoldInSteps)
{
    /// <summary>Fold-in's NDCG@k over popularity's on the same users.</summary>
    public double NdcgRatio => FoldIn.Ndcg / Popularity.Ndcg;
}

/// <summary>
/// The cold-start protocol (docs/EVALUATION.md §6): for the ranking protocol's users, forget the
/// trained user rows, fold in from k of each user's training ratings (a seeded random choice,
/// <see cref="ColdStartSample"/>), rank with the folded-in profile, and compare with popularity on
/// the same users. Users with fewer than k training ratings are skipped for that k and counted.
/// </summary>
public static class ColdStartEvaluation
{
    public static readonly IReadOnlyList<int> DefaultRatingCounts = [5, 10, 20];
    public const int DefaultSeed = 7;
    /// <summary>The issue's bar: at k = 10, fold-in's NDCG@10 ≥ 2× popularity's on the same users.</summary>
    public const int BarRatings = 10;
    public const double BarNdcgRatio = 2.0;

    // ranking: the served score (its scorer folds the users in); trainedInput: the trained rows' rated movies for the
    // item–item term (the train positives the rows were fitted on).
    public static ColdStartResult Measure(ServedRanking ranking, FoldInOptions? options, RatingTable ratings, IReadOnlyList<int> heldOut,
        RankingProtocol protocol, ColdStartSample sample, IRatingPredictor popularity, int k, int threads, ImplicitFeedback trainedInput,
        CancellationToken cancellation = default, Func<int, RatedMoviesPrior?>? priorFor = null)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), $"k must be at least 1; got {k}.");
        var scorer = ranking.Scorer;
        var users = protocol.ForUsers(u => sample.TryTake(u, k, out _));
        var (profiles, given, steps) = FoldIn(scorer, options, ratings, users, sample, k, threads, cancellation, priorFor);
        var folded = new FoldedInUsers(scorer, profiles);

        // Ranked as /recommend ranks a user folded in from these k ratings: the served score, its item–item term fed the k movies.
        var foldInLists = users.Rank((u, scores) => ranking.ScoreAll(profiles[u], given[u], scores, foldedIn: true), threads);
        var popularityLists = users.Rank(RankingProtocol.FromPredictor(popularity), threads);
        var kept = users.Users.ToHashSet();
        var userHeldOut = heldOut.Where(i => kept.Contains(ratings.UserIndex[i])).ToArray();
        return new ColdStartResult(k, users.Users.Count, protocol.Users.Count - users.Users.Count,
            RankingMetrics.Of(foldInLists, users.K), RankingMetrics.Of(popularityLists, users.K),
            RankingMetrics.Of(users.Rank((u, scores) => ranking.ScoreAll(u, trainedInput.MoviesOf(u), scores), threads), users.K),
            AccuracyMetrics.Of(AccuracyMetrics.Predict(folded, ratings, userHeldOut)),
            AccuracyMetrics.Of(AccuracyMetrics.Predict(popularity, ratings, userHeldOut)),
            foldInLists.Count(l => l.CutoffTied), steps.Length == 0 ? 0 : steps.Average(), steps.Length == 0 ? 0 : steps.Max());
    }

    /// <summary>
    /// Folds in every user of <paramref name="users"/> from k of their ratings drawn by <paramref name="sample"/> as the API folds in
    /// a user with no trained row (<see cref="NewUserFoldIn"/>), with the <see cref="RatedMoviesPrior"/> <paramref name="priorFor"/>
    /// gives for the user (evaluate: one fitted without them), weighing as much as <paramref name="priorWeight"/> ratings; without one, the plain fit
    /// from zero: the profiles, the k movies each was given, and the accepted steps per user (in <paramref name="users"/> order).
    /// </summary>
    public static (IReadOnlyDictionary<int, UserProfile> Profiles, IReadOnlyDictionary<int, int[]> Given, int[] Steps) FoldIn(
        RatingScorer scorer, FoldInOptions? options, RatingTable ratings, RankingProtocol users, ColdStartSample sample, int k, int threads,
        CancellationToken cancellation = default, Func<int, RatedMoviesPrior?>? priorFor = null, float priorWeight = NewUserFoldIn.DefaultPriorWeight)
    {
        var foldIn = new UserFoldIn(scorer, options);
        var profiles = new ConcurrentDictionary<int, UserProfile>();
        var given = new ConcurrentDictionary<int, int[]>();
        var steps = new int[users.Users.Count];
        Parallel.For(0, users.Users.Count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellation }, n =>
        {
            var user = users.Users[n];
            sample.TryTake(user, k, out var positions);
            var movies = new int[k];
            var values = new float[k];
            for (var j = 0; j < k; j++)
            {
                movies[j] = ratings.MovieIndex[positions[j]];
                values[j] = ratings.Rating[positions[j]];
            }
            profiles[user] = new NewUserFoldIn(foldIn, priorFor?.Invoke(user), priorWeight).Fit(movies, values, out steps[n]);
            given[user] = movies;
        });
        return (profiles, given, steps);
    }

    /// <summary>The protocol line printed with the others (docs/EVALUATION.md §6 says the same).</summary>
    public static string Describe(IReadOnlyList<int> ratingCounts, int seed, FoldInOptions options) =>
        FormattableString.Invariant($"Cold start: for the ranked users, the trained user rows are discarded and a profile is folded in (movie side frozen, λ_p = {options.VectorPenalty}, λ_b = {options.BiasPenalty}, α_f = {options.RelevanceWeight} on the relevance head's likelihood when the model has that head, from zero), its vector then moved a share k0 / (k0 + k), k0 = {NewUserFoldIn.DefaultPriorWeight:0.##}, of the way to the prior of the k movies (the mean of their rows of a ridge map from rated movies to trained rows, λ = {RatedMoviesPrior.DefaultLambda}, fitted in {CrossFittedPriors.DefaultFolds} folds of users so that no user's own trained row shapes their prior), ")
        + FormattableString.Invariant($"from k = {string.Join(", ", ratingCounts)} of the user's TRAINING ratings (seeded random choice, seed {seed}; users with fewer than k are skipped for that k). ")
        + "Ranked as /recommend ranks a user folded in from API ratings (the served score with its fold-in weights: relevance head + β_f·unclamped r̂ + w_f·item–item of the k given movies, or r̂ alone for a model without the head; candidates exclude all of the user's train and validation movies) next to popularity and the trained rows, ranked the same way, on exactly the same users.";

    /// <summary>The bar in words, with the figure either way; null when k = <see cref="BarRatings"/> was not measured.</summary>
    public static string? Finding(IReadOnlyList<ColdStartResult> results, int k)
    {
        var r = results.FirstOrDefault(x => x.Ratings == BarRatings);
        if (r is null) return null;
        var met = r.NdcgRatio >= BarNdcgRatio;
        var verdict = met
            ? string.Create(CultureInfo.InvariantCulture, $"(bar ≥ {BarNdcgRatio:0.#}×: met).")
            : string.Create(CultureInfo.InvariantCulture, $"— the bar of {BarNdcgRatio:0.#}× is NOT met.");
        return string.Create(CultureInfo.InvariantCulture,
            $"Cold start from {BarRatings} ratings: fold-in NDCG@{k} {r.FoldIn.Ndcg:0.0000} vs popularity {r.Popularity.Ndcg:0.0000} on the same {r.Users:N0} users = {r.NdcgRatio:0.00}× {verdict}");
    }
}
