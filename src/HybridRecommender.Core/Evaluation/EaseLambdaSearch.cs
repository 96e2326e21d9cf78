using System.Diagnostics;

namespace HybridRecommender.Core.Evaluation;

/// <summary>One λ of the search: the validation figures and the fit time.</summary>
public sealed record EaseLambdaTrial(double Lambda, RankingScores Validation, double FitSeconds);

/// <summary>The search's outcome: every λ tried, the one chosen, and the Gram matrix's time (shared by all).</summary>
public sealed record EaseLambdaChoice(double Lambda, IReadOnlyList<EaseLambdaTrial> Trials, int Items, double GramSeconds);

/// <summary>
/// Chooses EASE's λ on the validation protocol (<see cref="RankingProtocol.CreateForValidation"/>), never on
/// test: fits at each λ of the grid (one Gram matrix, one inverse per λ), ranks the validation users and
/// keeps the λ with the highest NDCG@k (the smaller λ on a tie).
/// </summary>
public static class EaseLambdaSearch
{
    /// <summary>Around the values reported for ML-1M-sized data (hundreds), on a roughly geometric grid.</summary>
    public static readonly IReadOnlyList<double> DefaultGrid = [50, 100, 200, 300, 500, 750, 1000, 1500, 2500];

    public static (EaseRanker Best, EaseLambdaChoice Choice) Run(EaseGram gram, IReadOnlyList<double> grid, RankingProtocol validation, int threads,
        double gramSeconds = 0, Action<EaseLambdaTrial>? trialDone = null, CancellationToken cancellation = default)
    {
        if (grid.Count == 0) throw new ArgumentException("The λ grid is empty.", nameof(grid));
        EaseRanker? best = null;
        EaseLambdaTrial? bestTrial = null;
        var trials = new List<EaseLambdaTrial>();
        foreach (var lambda in grid)
        {
            cancellation.ThrowIfCancellationRequested();
            var ranker = EaseRanker.Fit(gram, lambda, threads);
            var trial = new EaseLambdaTrial(lambda, validation.Evaluate(ranker.ScoreUser, threads), ranker.FitSeconds);
            trials.Add(trial);
            trialDone?.Invoke(trial);
            if (bestTrial is null || trial.Validation.Ndcg > bestTrial.Validation.Ndcg
                || (trial.Validation.Ndcg == bestTrial.Validation.Ndcg && lambda < bestTrial.Lambda))
            {
                best = ranker;
                bestTrial = trial;
            }
        }
        return (best!, new EaseLambdaChoice(bestTrial!.Lambda, trials, gram.Items, gramSeconds));
    }

    /// <summary>The Gram matrix of the training positives, timed.</summary>
    public static (EaseGram Gram, double Seconds) Gram(ImplicitFeedback train, int threads)
    {
        var watch = Stopwatch.StartNew();
        var gram = EaseGram.Of(train, threads);
        return (gram, watch.Elapsed.TotalSeconds);
    }
}
