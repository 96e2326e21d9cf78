namespace HybridRecommender.Api.Serving;

/// <summary>The <c>Model</c> configuration section (env vars <c>Model__Path</c>, <c>Model__PlotsPath</c>, <c>Model__VersionPollSeconds</c>, <c>Model__VersionCache</c>, <c>Model__ExactScoringLimit</c>, <c>Model__CandidatePool</c>).</summary>
public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>The model bundle folder; a relative path is resolved by <see cref="RepositoryPath"/>.</summary>
    public string Path { get; set; } = "model";

    /// <summary>
    /// The folder holding the training plots (loss and mae, .png and .svg). Unset: the repository's assets/ when serving
    /// its model/, else the model folder's own plots/ (<see cref="PlotsFolder.For"/>).
    /// </summary>
    public string? PlotsPath { get; set; }

    /// <summary>
    /// How often the replica asks the feedback database which model version is current (seconds); a new one is loaded in the
    /// background and swapped in (docs/CONTINUOUS_TRAINING.md). 0 or less: never (serve <see cref="Path"/> only).
    /// </summary>
    public double VersionPollSeconds { get; set; } = 2;

    /// <summary>Where stored versions are unpacked on this machine. Unset: hybridrecommender-versions/ in the temp folder.</summary>
    public string? VersionCache { get; set; }

    /// <summary>
    /// Catalogues of up to this many movies are scored exactly on every request; larger ones rank in two stages (candidates from a
    /// retrieval index on the relevance head, then the full served score). Default 10,000 (ML-1M's 3,883 movies stay exact).
    /// </summary>
    public int ExactScoringLimit { get; set; } = Core.Retrieval.RetrievalSettings.DefaultExactScoringLimit;

    /// <summary>Candidates the second stage scores with the full served score (10 … 100,000; unset: max(400, 0.15% of the movies)).</summary>
    public int? CandidatePool { get; set; }

    /// <summary>The two settings above as the ranking reads them.</summary>
    public Core.Retrieval.RetrievalSettings Retrieval => new(ExactScoringLimit, CandidatePool);
}
