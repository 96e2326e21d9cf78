using HybridRecommender.Api.OpenApi;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

/// <summary>Query of GET /recommend. Numbers are taken as text so a bad value gets a problem body.</summary>
public sealed record RecommendQuery
{
    [FromQuery(Name = "user")]
    [ParameterDoc("MovieLens user id to personalise for. Omit it for popular picks (the /top chart).", "1", Integer = true)]
    public string? User { get; init; }

    [FromQuery(Name = "genres")]
    [ParameterDoc("Genres to keep, any case; comma-separated and/or repeated (genres=Comedy&genres=Drama). See GET /genres.", "Comedy,Drama")]
    public string[]? Genres { get; init; }

    [FromQuery(Name = "match")]
    [ParameterDoc("'any' (default): a movie needs one of the genres; 'all': it needs every one.", "any", AllowedValues = "any,all")]
    public string? Match { get; init; }

    [FromQuery(Name = "count")]
    [ParameterDoc("How many movies, 1–100 (default 10).", "10", Integer = true, Minimum = 1, Maximum = 100)]
    public string? Count { get; init; }

    [FromQuery(Name = "minVotes")]
    [ParameterDoc("Popular picks only (no user, or a user with no ratings yet): m of the weighted rating, see GET /top. Default: 90th percentile of vote counts. A personalised list does not use it, and its note says so.", "500", Integer = true, Minimum = 0, Maximum = 1_000_000)]
    public string? MinVotes { get; init; }
}
