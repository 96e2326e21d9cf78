namespace HybridRecommender.Api.Serving;

/// <summary>The resolved model bundle folder (Model:Path).</summary>
public sealed record ModelFolder(string Path);
