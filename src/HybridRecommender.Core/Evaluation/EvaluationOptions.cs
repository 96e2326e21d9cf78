namespace HybridRecommender.Core.Evaluation;

/// <summary>How <see cref="Evaluator"/> runs. The defaults are the documented protocol (docs/EVALUATION.md).</summary>
public sealed record EvaluationOptions
{
    public int K { get; init; } = RankingProtocol.DefaultK;
    public float RelevanceThreshold { get; init; } = RankingProtocol.DefaultRelevanceThreshold;
    /// <summary>Train the no-genre network (a full training run).</summary>
    public bool Ablation { get; init; } = true;
    /// <summary>Threads for ranking; results do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>Threads for the ablation's training; null uses the card's count, as the bundle was trained.</summary>
    public int? AblationThreads { get; init; }
    /// <summary>Measure cold start: fold-in from k training ratings of the ranked users (docs/EVALUATION.md §6).</summary>
    public bool ColdStart { get; init; } = true;
    /// <summary>
    /// Measure item cold start (docs/EVALUATION.md, "Item cold start"): a training run without the new movies' ratings and two
    /// content-path retrainings. Runs only when a trainer is passed and the card records a content path.
    /// </summary>
    public bool ItemColdStart { get; init; } = true;
    /// <summary>The k of the cold-start section.</summary>
    public IReadOnlyList<int> ColdStartRatings { get; init; } = ColdStartEvaluation.DefaultRatingCounts;
    /// <summary>Seed of each user's random choice of k training ratings.</summary>
    public int ColdStartSeed { get; init; } = ColdStartEvaluation.DefaultSeed;
    /// <summary>EASE's λ candidates, chosen among on the validation split (<see cref="EaseLambdaSearch"/>).</summary>
    public IReadOnlyList<double> EaseLambdaGrid { get; init; } = EaseLambdaSearch.DefaultGrid;
    /// <summary>Training ratings below which a recommended movie counts as long tail (<see cref="CatalogueMetrics"/>).</summary>
    public int LongTailThreshold { get; init; } = CatalogueMetrics.DefaultLongTailThreshold;
    /// <summary>
    /// Most test users ranked (a fixed sample, seeded by the split's seed, when more have a relevant test movie): ranking
    /// them all over the catalogue costs users × movies. Cold start and variety fold in or re-rank at most
    /// <see cref="ValidationSample.FoldInUsers"/> of them. ML-1M's 5,784 are all ranked. RMSE/MAE are always over every test rating.
    /// </summary>
    public int MaxRankedUsers { get; init; } = 10_000;
    /// <summary>Most movies with a train positive EASE^R is fitted for; above, it is skipped and the report says so.</summary>
    public int EaseMaxItems { get; init; } = EaseRanker.MaxItems;
    /// <summary>Folder the data was read from, for the card's SHA-256 fingerprints; null skips the hashes.</summary>
    public string? DataFolder { get; init; }
}
