using HybridRecommender.Core.Bundle;

namespace HybridRecommender.Api.Serving;

/// <summary>The resolved folder of the trainer's plots (Model:PlotsPath).</summary>
public sealed record PlotsFolder(string Path)
{
    /// <summary>
    /// Model:PlotsPath when it is set (a relative path resolves like the model folder, <see cref="RepositoryPath"/>);
    /// otherwise where the trainer wrote the served model's plots (<see cref="PlotsLocation"/>): the repository's assets/
    /// for its model/, else the model folder's own plots/.
    /// </summary>
    public static PlotsFolder For(string? configured, string modelFolder, string contentRoot) =>
        new(string.IsNullOrWhiteSpace(configured) ? PlotsLocation.For(modelFolder) : RepositoryPath.Resolve(configured, contentRoot));
}
