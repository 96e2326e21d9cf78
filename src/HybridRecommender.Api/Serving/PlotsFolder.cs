namespace HybridRecommender.Api.Serving;

/// <summary>The resolved folder of the trainer's plots (Model:PlotsPath).</summary>
public sealed record PlotsFolder(string Path);
