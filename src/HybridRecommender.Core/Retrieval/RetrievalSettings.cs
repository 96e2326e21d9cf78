namespace HybridRecommender.Core.Retrieval;

/// <summary>
/// When the served ranking switches from scoring every movie to two stages, and how many candidates the second stage scores.
/// </summary>
/// <param name="ExactScoringLimit">Catalogues of up to this many movies are scored exactly (every movie, every request);
/// larger ones retrieve candidates from a <see cref="RetrievalIndex"/> first. The same bound decides when a genre filter
/// is narrow enough to score the movies it accepts exactly.</param>
/// <param name="CandidatePool">Movies the second stage scores with the full served score (at least the list's own pool); null:
/// sized by the catalogue (<see cref="PoolFor"/>).</param>
public sealed record RetrievalSettings(int ExactScoringLimit = RetrievalSettings.DefaultExactScoringLimit, int? CandidatePool = null)
{
    /// <summary>10,000: exact scoring costs ≈ 0.1 µs per movie (≈ 1 ms here), and ML-1M's 3,883 movies stay exact.</summary>
    public const int DefaultExactScoringLimit = 10_000;
    /// <summary>
    /// The default pool, sized by the catalogue: max(400, 0.15% of the movies). Measured on the synthetic bundles (docs/BENCHMARKS.md,
    /// "Serving at scale"): 400 at 87,585 movies gives recall@10 0.995 against exact scoring and a one-connection p50 of 0.88 ms
    /// (1,500 there: 3.4 ms); 1,500 at 1,000,000 movies gives recall@10 0.973 with the float16 index (1,000: 0.955).
    /// </summary>
    public static int DefaultCandidatePoolFor(int movies) => Math.Max(MinimumDefaultCandidatePool, (int)Math.Ceiling(movies * DefaultCandidateShare));
    public const int MinimumDefaultCandidatePool = 400;
    public const double DefaultCandidateShare = 0.0015;
    /// <summary>The default pool at 1,000,000 movies (what the synthetic 1M bundle's recall was measured with).</summary>
    public const int DefaultCandidatePool = 1_500;

    /// <summary>The pool the second stage scores for a catalogue of <paramref name="movies"/>: the configured one, else the default for that size.</summary>
    public int PoolFor(int movies) => CandidatePool ?? DefaultCandidatePoolFor(movies);
    public const int MinimumCandidatePool = 10;
    public const int MaximumCandidatePool = 100_000;

    /// <summary>What is wrong with these settings (naming the configuration keys under <paramref name="section"/>), or null when they are valid.</summary>
    public string? Problem(string section) =>
        ExactScoringLimit < 1
            ? $"{section}:ExactScoringLimit is {ExactScoringLimit}; it must be a whole number of movies ≥ 1 (default {DefaultExactScoringLimit:N0})."
            : CandidatePool is < MinimumCandidatePool or > MaximumCandidatePool
                ? $"{section}:CandidatePool is {CandidatePool}; it must be between {MinimumCandidatePool} and {MaximumCandidatePool:N0} (unset: max({MinimumDefaultCandidatePool}, 0.15% of the movies))."
                : null;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> with <see cref="Problem"/>'s message when the settings are invalid.</summary>
    public RetrievalSettings Validated(string section = "Model") =>
        Problem(section) is { } problem ? throw new ArgumentOutOfRangeException(nameof(RetrievalSettings), problem) : this;
}
