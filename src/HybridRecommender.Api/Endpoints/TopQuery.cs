using HybridRecommender.Api.OpenApi;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

/// <summary>Query of GET /top.</summary>
public sealed record TopQuery
{
    [FromQuery(Name = "genres")]
    [ParameterDoc("Genres to keep, any case; comma-separated and/or repeated. See GET /genres.", "Comedy")]
    public string[]? Genres { get; init; }

    [FromQuery(Name = "match")]
    [ParameterDoc("'any' (default) or 'all' of the genres.", "any", AllowedValues = "any,all")]
    public string? Match { get; init; }

    [FromQuery(Name = "count")]
    [ParameterDoc("How many movies, 1–100 (default 10).", "10", Integer = true, Minimum = 1, Maximum = 100)]
    public string? Count { get; init; }

    [FromQuery(Name = "minVotes")]
    [ParameterDoc("m: minimum training ratings to be listed and weight of the prior C. Default: 90th percentile of vote counts over rated movies.", "500", Integer = true, Minimum = 0, Maximum = 1_000_000)]
    public string? MinVotes { get; init; }
}
