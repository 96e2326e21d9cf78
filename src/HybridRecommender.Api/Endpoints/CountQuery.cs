using HybridRecommender.Api.OpenApi;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

/// <summary>Query of GET /movies/{id}/similar.</summary>
public sealed record CountQuery
{
    [FromQuery(Name = "count")]
    [ParameterDoc("How many movies, 1–100 (default 10).", "10", Integer = true, Minimum = 1, Maximum = 100)]
    public string? Count { get; init; }
}
