using System.Text.Json.Serialization;

namespace HybridRecommender.Api.Contracts;

/// <summary>The answer of GET /movies/{id}/similar.</summary>
/// <param name="Movie">The movie asked about.</param>
/// <param name="Note">Set when the asked movie has no training ratings, so its vector is mostly untrained.</param>
/// <param name="Items">Most similar first.</param>
public sealed record SimilarMoviesResponse(
    MovieResponse Movie,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note,
    IReadOnlyList<SimilarMovie> Items);
