using System.Diagnostics.CodeAnalysis;
using HybridRecommender.Api.Feedback;
using HybridRecommender.Api.Http;
using HybridRecommender.Api.Serving;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
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
    /// A user id as text → a user of the model or of the feedback database, or a 400 (not a whole number),
    /// 401/403 (a private user read without their token or the admin key: <see cref="UserReadAccess"/>) or
    /// 404 (known to neither) problem; <paramref name="unknownHint"/> is appended to the 404 detail.
    /// <paramref name="degradeWhenUnavailable"/>: see <see cref="ServingUsers.ResolveAsync"/>.
    /// </summary>
    public static async Task<(ServingUser? User, ProblemDetails? Problem)> ServingUserAsync(HttpContext http, RecommendationService service,
        ServingUsers users, string? raw, string name, CancellationToken ct, string? unknownHint = null, bool degradeWhenUnavailable = false)
    {
        var ids = service.Bundle.UserIds;
        if (!QueryParameters.TryParseRequiredInt(raw, name, int.MinValue, int.MaxValue, out var id, out var problem))
        {
            problem.Detail += $" A user id is a MovieLens user id (between {ids.MinId} and {ids.MaxId}) or one POST /users returned.";
            return (null, problem);
        }
        if (UserReadAccess.Check(http, service.Bundle, id) is { } denied)
        {
            if (denied.Status == StatusCodes.Status401Unauthorized)
                denied.Detail += $" The model's MovieLens users, public, have ids between {ids.MinId} and {ids.MaxId}.{(unknownHint is null ? "" : " " + unknownHint)}";
            return (null, denied);
        }
        var user = await users.ResolveAsync(id, ct, degradeWhenUnavailable);
        return user is not null ? (user, null) : (null, Problems.NotFound("Unknown user",
            $"User {id} is not in the model (it knows {ids.Count} users, ids between {ids.MinId} and {ids.MaxId}) and was not created with POST /users.{(unknownHint is null ? "" : " " + unknownHint)}", name));
    }

    /// <summary>A failed user lookup as the endpoint's typed result: 401 is the bearer challenge (as for writes; 429 after too many failures).</summary>
    public static Results<TOk, NotFoundProblem, BadRequestProblem, ForbiddenProblem, ChallengeHttpResult> UserProblem<TOk>(ProblemDetails problem)
        where TOk : IResult => problem.Status switch
        {
            StatusCodes.Status401Unauthorized => TypedResults.Challenge(new AuthenticationProperties(
                new Dictionary<string, string?> { [BearerTokenHandler.DetailItem] = problem.Detail })),
            StatusCodes.Status403Forbidden => new ForbiddenProblem(problem),
            StatusCodes.Status404NotFound => new NotFoundProblem(problem),
            _ => new BadRequestProblem(problem),
        };

    public static bool TryMovie(RecommendationService service, string? raw, string name, out int index,
        [NotNullWhen(false)] out ProblemDetails? problem)
    {
        var ids = service.MovieIds;
        return TryId(ids, raw, name, $"A movie id is a MovieLens movie id (between {service.Bundle.MovieIds.MinId} and {service.Bundle.MovieIds.MaxId}) or one POST /movies returned; find one with GET /movies?q=.",
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
