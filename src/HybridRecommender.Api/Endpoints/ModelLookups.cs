using System.Diagnostics.CodeAnalysis;
using HybridRecommender.Api.Serving;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

/// <summary>Turns user and movie ids given as text into model indices, or a 400 (not a number) / 404 (not in the model) problem.</summary>
public static class ModelLookups
{
    /// <summary>A user id as text → the model's user index; <paramref name="unknownHint"/> is appended to the 404 detail (what the client can do instead on this endpoint).</summary>
    public static bool TryUser(RecommendationService service, string? raw, string name, out int index,
        [NotNullWhen(false)] out ProblemDetails? problem, string? unknownHint = null)
    {
        index = -1;
        if (!QueryParameters.TryParseRequiredInt(raw, name, int.MinValue, int.MaxValue, out var id, out problem))
        {
            problem.Detail += $" A user id is a MovieLens user id, between {service.Bundle.UserIds.MinId} and {service.Bundle.UserIds.MaxId}.";
            return false;
        }
        if (!service.Bundle.UserIds.TryGetIndex(id, out index))
        {
            var ids = service.Bundle.UserIds;
            problem = Problems.NotFound("Unknown user",
                $"User {id} is not in the model: it knows {ids.Count} users, ids between {ids.MinId} and {ids.MaxId}.{(unknownHint is null ? "" : " " + unknownHint)}", name);
            return false;
        }
        return true;
    }

    public static bool TryMovie(RecommendationService service, string? raw, string name, out int index,
        [NotNullWhen(false)] out ProblemDetails? problem)
    {
        index = -1;
        if (!QueryParameters.TryParseRequiredInt(raw, name, int.MinValue, int.MaxValue, out var id, out problem))
        {
            problem.Detail += $" A movie id is a MovieLens movie id, between {service.Bundle.MovieIds.MinId} and {service.Bundle.MovieIds.MaxId}; find one with GET /movies?q=.";
            return false;
        }
        if (!service.Bundle.MovieIds.TryGetIndex(id, out index))
        {
            problem = Problems.NotFound("Unknown movie", $"Movie {id} is not in the catalogue. Find movie ids with GET /movies?q=title.", name);
            return false;
        }
        return true;
    }
}
