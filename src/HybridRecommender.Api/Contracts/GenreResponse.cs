namespace HybridRecommender.Api.Contracts;

/// <summary>One genre of the model's vocabulary.</summary>
/// <param name="Name">Canonical name (filters accept any case).</param>
/// <param name="MovieCount">Catalogue movies in this genre.</param>
public sealed record GenreResponse(string Name, int MovieCount);
