namespace HybridRecommender.Core.Retrieval;

/// <summary>
/// When the served ranking switches from scoring every movie to two stages, and how many candidates the second stage scores.
/// </summary>
/// <param name="ExactScoringLimit">Catalogues of up to this many movies are scored exactly (every movie, every request);
/// larger ones retrieve candidates from a <see cref="RetrievalIndex"/> first. The same bound decides when a genre filter
/// is narrow enough to score the movies it accepts exactly.</param>
/// <param name="CandidatePool">Movies the second stage scores with the full served score (at least the list's own pool).</param>
public sealed record RetrievalSettings(int ExactScoringLimit = RetrievalSettings.DefaultExactScoringLimit, int CandidatePool = RetrievalSettings.DefaultCandidatePool)
{
    /// <summary>10,000: exact scoring costs ≈ 0.1 µs per movie (≈ 1 ms here), and ML-1M's 3,883 movies stay exact.</summary>
    public const int DefaultExactScoringLimit = 10_000;
    /// <summary>1,500 candidates: recall@10 of the two-stage lists against exact scoring 0.972 at 1M synthetic movies (0.948 with 1,000; docs/BENCHMARKS.md).</summary>
    public const int DefaultCandidatePool = 1_500;
    public const int MinimumCandidatePool = 10;
    public const int MaximumCandidatePool = 100_000;

    /// <summary>What is wrong with these settings (naming the configuration keys under <paramref name="section"/>), or null when they are valid.</summary>
    public string? Problem(string section) =>
        ExactScoringLimit < 1
            ? $"{section}:ExactScoringLimit is {ExactScoringLimit}; it must be a whole number of movies ≥ 1 (default {DefaultExactScoringLimit:N0})."
            : CandidatePool is < MinimumCandidatePool or > MaximumCandidatePool
                ? $"{section}:CandidatePool is {CandidatePool}; it must be between {MinimumCandidatePool} and {MaximumCandidatePool:N0} (default {DefaultCandidatePool:N0})."
                : null;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> with <see cref="Problem"/>'s message when the settings are invalid.</summary>
    public RetrievalSettings Validated(string section = "Model") =>
        Problem(section) is { } problem ? throw new ArgumentOutOfRangeException(nameof(RetrievalSettings), problem) : this;
}
