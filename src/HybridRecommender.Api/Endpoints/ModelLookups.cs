using System.Diagnostics.CodeAnalysis;
using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Data;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

/// <summary>Turns user and movie ids given as text into model indices, or a 400 (not a number) / 404 (not in the model) problem.</summary>
public static class ModelLookups
{
    /// <summary>A user id as text → the model's user index; <paramref name="unknownHint"/> is appended to the 404 detail (what the client can do instead on this endpoint).</summary>
    public static bool TryUser(RecommendationService service, string? raw, string name, out int index,
        [NotNullWhen(false)] out ProblemDetails? problem, string? unknownHint = null)
    {
        var ids = service.Bundle.UserIds;
        return TryId(ids, raw, name, $"A user id is a MovieLens user id, between {ids.MinId} and {ids.MaxId}.",
            id => Problems.NotFound("Unknown user",
                $"User {id} is not in the model: it knows {ids.Count} users, ids between {ids.MinId} and {ids.MaxId}.{(unknownHint is null ? "" : " " + unknownHint)}", name),
            out index, out problem);
    }

    /// <summary>
    /// A user id as text → a user of the model or of the feedback database, or a 400 (not a whole number)
    /// / 404 (known to neither) problem; <paramref name="unknownHint"/> is appended to the 404 detail.
    /// <paramref name="degradeWhenUnavailable"/>: see <see cref="ServingUsers.ResolveAsync"/>.
    /// </summary>
    public static async Task<(ServingUser? User, ProblemDetails? Problem)> ServingUserAsync(RecommendationService service, ServingUsers users,
        string? raw, string name, CancellationToken ct, string? unknownHint = null, bool degradeWhenUnavailable = false)
    {
        var ids = service.Bundle.UserIds;
        if (!QueryParameters.TryParseRequiredInt(raw, name, int.MinValue, int.MaxValue, out var id, out var problem))
        {
            problem.Detail += $" A user id is a MovieLens user id (between {ids.MinId} and {ids.MaxId}) or one POST /users returned.";
            return (null, problem);
        }
        var user = await users.ResolveAsync(id, ct, degradeWhenUnavailable);
        return user is not null ? (user, null) : (null, Problems.NotFound("Unknown user",
            $"User {id} is not in the model (it knows {ids.Count} users, ids between {ids.MinId} and {ids.MaxId}) and was not created with POST /users.{(unknownHint is null ? "" : " " + unknownHint)}", name));
    }

    public static bool TryMovie(RecommendationService service, string? raw, string name, out int index,
        [NotNullWhen(false)] out ProblemDetails? problem)
    {
        var ids = service.Bundle.MovieIds;
        return TryId(ids, raw, name, $"A movie id is a MovieLens movie id, between {ids.MinId} and {ids.MaxId}; find one with GET /movies?q=.",
            id => Problems.NotFound("Unknown movie", $"Movie {id} is not in the catalogue. Find movie ids with GET /movies?q=title.", name),
            out index, out problem);
    }

    // Parse (400 with parseHint appended) then look up (404 from notFound).
    private static bool TryId(IdIndex ids, string? raw, string name, string parseHint, Func<int, ProblemDetails> notFound,
        out int index, [NotNullWhen(false)] out ProblemDetails? problem)
    {
        index = -1;
        if (!QueryParameters.TryParseRequiredInt(raw, name, int.MinValue, int.MaxValue, out var id, out problem))
        {
            problem.Detail += " " + parseHint;
            return false;
        }
        if (!ids.TryGetIndex(id, out index))
        {
            problem = notFound(id);
            return false;
        }
        return true;
    }
}
