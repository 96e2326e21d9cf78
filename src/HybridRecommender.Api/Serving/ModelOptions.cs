namespace HybridRecommender.Api.Serving;

/// <summary>The <c>Model</c> configuration section (env vars <c>Model__Path</c>, <c>Model__PlotsPath</c>).</summary>
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
}
