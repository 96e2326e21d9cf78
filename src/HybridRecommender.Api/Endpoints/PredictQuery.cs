using HybridRecommender.Api.OpenApi;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

/// <summary>Query of GET /predict.</summary>
public sealed record PredictQuery
{
    [FromQuery(Name = "user")]
    [ParameterDoc("MovieLens user id (required).", "1", Integer = true, Required = true)]
    public string? User { get; init; }

    [FromQuery(Name = "movie")]
    [ParameterDoc("MovieLens movie id (required).", "1", Integer = true, Required = true)]
    public string? Movie { get; init; }
}
