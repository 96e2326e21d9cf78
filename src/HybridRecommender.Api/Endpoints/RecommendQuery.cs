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

    [FromQuery(Name = "diversity")]
    [ParameterDoc("Personalised lists only: 0–1 (default 0 = the plain ranking). Higher picks movies less like those already in the list (maximal marginal relevance over the model's movie vectors, from the best 10 × count candidates, at least 100), at some cost in accuracy; it varies each list, not the catalogue the lists reach across people — ask for novelty for that (docs/EVALUATION.md, \"Variety\").", "0.5", Number = true, Minimum = 0, Maximum = 1)]
    public string? Diversity { get; init; }

    [FromQuery(Name = "novelty")]
    [ParameterDoc("Personalised lists only: 0–1 (default 0 = the plain ranking). Higher favours movies fewer people have rated (outside the blockbusters), from the same candidates as diversity. Calibrated on validation so 0.5 is the middle setting: it widens the catalogue the lists reach about 1.5× (strength ν = 0.65; docs/EVALUATION.md, \"Variety\").", "0.5", Number = true, Minimum = 0, Maximum = 1)]
    public string? Novelty { get; init; }
}
