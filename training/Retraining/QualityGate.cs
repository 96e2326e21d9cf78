using System.Globalization;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Training;
using HybridRecommender.Core.Versions;

namespace HybridRecommender.Training.Retraining;

/// <summary>
/// Whether a candidate may replace the served model: both measured on the candidate's validation ratings (trained with the served
/// model's split seed, so neither model trained on them), restricted to users and movies both know — RMSE of the rating head and
/// NDCG@10 of the served ranking (<see cref="Core.Model.ServedRanking"/>, the API's scoring path; relevant = validation ratings ≥ 4,
/// the user's train movies excluded). The candidate passes when neither figure is worse than the served model's beyond its tolerance.
/// </summary>
public static class QualityGate
{
    /// <summary>Default tolerated RMSE increase: 7% of the gap between the committed model's test RMSE (0.8393) and the bias-only baseline's (0.9110).</summary>
    public const double DefaultRmseTolerance = 0.005;
    /// <summary>Default tolerated NDCG@10 drop (absolute): 1% of the committed model's test NDCG@10 (0.2049).</summary>
    public const double DefaultNdcgTolerance = 0.002;

    public static GateComparison Compare(MovieLensDataset data, RatingsSplit split, ModelBundle candidate, ModelBundle current,
        string comparedWith, int? comparedVersion, double rmseTolerance, double ndcgTolerance, int threads)
    {
        var userMap = data.UserIds.Ids.Select(id => current.UserIds.TryGetIndex(id, out var i) ? i : -1).ToArray();
        var movieMap = data.MovieIds.Ids.Select(id => current.MovieIds.TryGetIndex(id, out var i) ? i : -1).ToArray();
        var ratings = data.Ratings;

        double candidateSquares = 0, currentSquares = 0;
        var count = 0;
        foreach (var i in split.Validation)
        {
            int u = ratings.UserIndex[i], m = ratings.MovieIndex[i];
            if (userMap[u] < 0 || movieMap[m] < 0) continue;
            var truth = ratings.Rating[i];
            candidateSquares += Math.Pow(candidate.Scorer.Predict(u, m) - truth, 2);
            currentSquares += Math.Pow(current.Scorer.Predict(userMap[u], movieMap[m]) - truth, 2);
            count++;
        }
        if (count == 0)
            throw new InvalidOperationException($"No validation rating has a user and a movie that both the candidate and {comparedWith} know: the two cannot be compared.");

        var protocol = RankingProtocol.CreateForValidation(ratings, split, data.Users.Count, data.Movies.Count).ForUsers(u => userMap[u] >= 0);
        var train = ImplicitFeedback.FromRatings(ratings, split.Train, data.Users.Count, data.Movies.Count);
        var candidateRanking = protocol.Evaluate((u, s) => candidate.Ranking.ScoreAll(u, train.MoviesOf(u), s), threads);
        var currentRanking = protocol.Evaluate((u, s) =>
        {
            // The served model's own indices: its rated movies in, its scores back out in the data's movie order (−∞ for a movie it lacks).
            var rated = new List<int>();
            foreach (var m in train.MoviesOf(u)) if (movieMap[m] >= 0) rated.Add(movieMap[m]);
            var own = new float[current.Movies.Count];
            current.Ranking.ScoreAll(userMap[u], rated.ToArray(), own);
            for (var m = 0; m < s.Length; m++) s[m] = movieMap[m] >= 0 ? own[movieMap[m]] : float.NegativeInfinity;
        }, threads);

        var cand = new ValidationFigures(Math.Sqrt(candidateSquares / count), candidateRanking.Ndcg);
        var cur = new ValidationFigures(Math.Sqrt(currentSquares / count), currentRanking.Ndcg);
        var rmseOk = cand.Rmse <= cur.Rmse + rmseTolerance;
        var ndcgOk = cand.Ndcg >= cur.Ndcg - ndcgTolerance;
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"validation RMSE {cand.Rmse:F4} vs {cur.Rmse:F4} (tolerance +{rmseTolerance}), NDCG@10 {cand.Ndcg:F4} vs {cur.Ndcg:F4} (tolerance −{ndcgTolerance}) on {count:N0} ratings / {protocol.Users.Count:N0} users, against {comparedWith}");
        var reason = (rmseOk, ndcgOk) switch
        {
            (true, true) => "within tolerance: " + figures,
            (false, true) => "RMSE worse beyond tolerance: " + figures,
            (true, false) => "NDCG@10 worse beyond tolerance: " + figures,
            _ => "RMSE and NDCG@10 worse beyond tolerance: " + figures,
        };
        return new GateComparison(comparedWith, comparedVersion, count, protocol.Users.Count, cand, cur, rmseTolerance, ndcgTolerance, rmseOk && ndcgOk, reason);
    }
}
