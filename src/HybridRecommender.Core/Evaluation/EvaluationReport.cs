using HybridRecommender.Core.Training;

namespace HybridRecommender.Core.Evaluation;

/// <summary>Split sizes as reproduced from the card's seed and fractions.</summary>
public sealed record ReproducedSplit(int Seed, double TestFraction, double ValidationFraction, int Train, int Validation, int Test);

/// <summary>Everything <see cref="Evaluator"/> measured, ready to print or write as JSON.</summary>
public sealed record EvaluationReport
{
    public required IReadOnlyList<string> Protocol { get; init; }
    public required ReproducedSplit Split { get; init; }
    /// <summary>Data files whose SHA-256 matched the card.</summary>
    public required IReadOnlyList<string> VerifiedFiles { get; init; }
    public required int K { get; init; }
    public required float RelevanceThreshold { get; init; }
    public required int RankedUsers { get; init; }
    public required long RelevantTestRatings { get; init; }
    /// <summary>Those of <see cref="RelevantTestRatings"/> whose movie has fewer than <see cref="LongTailThreshold"/> train ratings.</summary>
    public required long RelevantLongTailTestRatings { get; init; }
    public required double MeanCandidates { get; init; }
    public required double PopularityMinimumVotes { get; init; }
    public required double PopularityMean { get; init; }
    /// <summary>EASE's λ search on validation: every λ tried with its validation figures, and the pick.</summary>
    /// <summary>EASE^R's λ search; null when it was skipped (more than <see cref="EaseRanker.MaxItems"/> movies with a train positive).</summary>
    public required EaseLambdaChoice? Ease { get; init; }
    /// <summary>Coverage denominator: every catalogue movie (movies.dat), rated or not.</summary>
    public required int CatalogueSize { get; init; }
    /// <summary>Catalogue movies with at least one training rating (the only ones EASE can recommend).</summary>
    public required int MoviesWithTrainingRatings { get; init; }
    public required int LongTailThreshold { get; init; }
    /// <summary>In display order; names are <see cref="Evaluator"/>'s constants.</summary>
    public required IReadOnlyList<ModelEvaluation> Models { get; init; }
    public required CardReproduction Hybrid { get; init; }
    /// <summary>Every model the card also records (hybrid and baselines), re-computed; the baselines double as a check on the rating values.</summary>
    public required IReadOnlyDictionary<string, CardReproduction> CardChecks { get; init; }
    /// <summary>The no-genre training run, or null when skipped.</summary>
    public TrainingRun? Ablation { get; init; }
    /// <summary>Cold start per k (fold-in vs popularity on the same users), or null when skipped.</summary>
    public IReadOnlyList<ColdStartResult>? ColdStart { get; init; }
    /// <summary>Item cold start (new movies served from their content rows), or null when skipped, without a trainer, or when the card records no content path.</summary>
    public ItemColdStartReport? ItemColdStart { get; init; }
    /// <summary>The served lists re-ranked for variety at a few settings (null for a model without the relevance head).</summary>
    public IReadOnlyList<VarietyPoint>? Variety { get; init; }
    /// <summary>Plain-language comparisons (including when the hybrid ranks worse than popularity).</summary>
    public required IReadOnlyList<string> Findings { get; init; }
}
