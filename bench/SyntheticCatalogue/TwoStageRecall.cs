using System.Diagnostics;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Retrieval;

namespace HybridRecommender.SyntheticCatalogue;

/// <summary>
/// Recall@10 of two-stage lists against exact scoring: for a sample of trained users, the 10 best unrated movies by the full
/// served score over the whole catalogue against the 10 best of the two-stage candidates, |both| / 10 averaged over users.
/// Both lists break ties by the lower movie index. Also times both paths in this process (informative; the bars use wrk).
/// </summary>
public static class TwoStageRecall
{
    public sealed record Result(int Users, double Recall, double ExactMedianMs, double TwoStageMedianMs, double MinRecall);

    public static Result Measure(ModelBundle bundle, RetrievalIndex index, RetrievalSettings settings, int users, int seed, ulong genreMask = 0, bool all = false)
    {
        var ranking = bundle.Ranking;
        var twoStage = new TwoStageRanking(ranking, index, settings);
        var movies = bundle.Movies.Count;
        var rng = new Random(seed);
        var sample = Enumerable.Range(0, bundle.RatedByUser.Length).OrderBy(_ => rng.Next()).Take(users).ToArray();
        var scores = new float[movies];
        var excluded = new bool[movies];
        var masks = bundle.MovieGenreMask;
        // As /recommend filters: "any" or "all" of the genres, the movies listed from the per-genre lists.
        Func<int, bool>? accepts = genreMask == 0 ? null : all ? m => (masks[m] & genreMask) == genreMask : m => (masks[m] & genreMask) != 0;
        var byGenre = new MoviesByGenre(masks, bundle.Genres.Count);
        var filter = accepts is null ? null : new MovieFilter(accepts, byGenre.AcceptedCount(genreMask, all), () => byGenre.Accepted(genreMask, all));
        var recalls = new List<double>();
        var exactMs = new List<double>();
        var twoStageMs = new List<double>();
        foreach (var u in sample)
        {
            var profile = bundle.Scorer.TrainedProfile(u);
            var rated = bundle.RatedByUser[u];
            var watch = Stopwatch.StartNew();
            ranking.ScoreAll(profile, rated, scores);
            for (var m = 0; m < movies; m++) excluded[m] = Array.BinarySearch(rated, m) >= 0 || (accepts is not null && !accepts(m));
            var exact = Core.Evaluation.TopK.Select(scores, excluded, 10);
            exactMs.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            var (candidates, candidateScores) = twoStage.Candidates(profile, rated, filter, 10, foldedIn: false);
            var order = Enumerable.Range(0, candidates.Length).OrderByDescending(k => candidateScores[k]).ThenBy(k => candidates[k]).Take(10).Select(k => candidates[k]).ToArray();
            twoStageMs.Add(watch.Elapsed.TotalMilliseconds);
            recalls.Add(exact.Intersect(order).Count() / (double)Math.Max(1, exact.Length));
        }
        return new Result(sample.Length, recalls.Average(), Median(exactMs), Median(twoStageMs), recalls.Min());
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
