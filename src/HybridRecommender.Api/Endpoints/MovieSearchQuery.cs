using HybridRecommender.Api.OpenApi;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

/// <summary>Query of GET /movies.</summary>
public sealed record MovieSearchQuery
{
    [FromQuery(Name = "q")]
    [ParameterDoc("Case-insensitive substring of the title (year excluded), in either form (\"The Matrix\" or MovieLens's \"Matrix, The\"). Omit to list all.", "star wars")]
    public string? Q { get; init; }

    [FromQuery(Name = "genres")]
    [ParameterDoc("Genres to keep, any case; comma-separated and/or repeated. See GET /genres.", "Sci-Fi")]
    public string[]? Genres { get; init; }

    [FromQuery(Name = "match")]
    [ParameterDoc("'any' (default) or 'all' of the genres.", "any", AllowedValues = "any,all")]
    public string? Match { get; init; }

    [FromQuery(Name = "page")]
    [ParameterDoc("1-based page number (default 1).", "1", Integer = true, Minimum = 1, Maximum = int.MaxValue)]
    public string? Page { get; init; }

    [FromQuery(Name = "pageSize")]
    [ParameterDoc("Movies per page, 1–100 (default 20).", "20", Integer = true, Minimum = 1, Maximum = 100)]
    public string? PageSize { get; init; }
}
