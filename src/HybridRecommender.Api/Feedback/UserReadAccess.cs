using HybridRecommender.Api.Endpoints;
using HybridRecommender.Core.Bundle;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Feedback;

/// <summary>
/// Who may read what a user rated — their recommendations (which leave rated movies out and name them in
/// <c>because</c>), predictions (<c>alreadyRated</c>), profile (rated count, favourite genres): anyone
/// for a published MovieLens user (<see cref="PublishedUsers"/>); otherwise only that user's token or the
/// admin key, with the writes' 401/403. The check comes before the lookup, so without credentials every
/// unpublished id answers the same 401, whether or not it exists.
/// </summary>
public static class UserReadAccess
{
    /// <summary>Null when the principal may read the user; else a 401 problem (answer with a challenge) or a 403 problem.</summary>
    public static ProblemDetails? Check(HttpContext http, ModelBundle bundle, int userId)
    {
        if (PublishedUsers.Contains(bundle, userId) || FeedbackClaims.IsAdmin(http.User)) return null;
        if (http.User.Identity?.IsAuthenticated != true)
            return new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Detail = $"User {userId} is not a MovieLens user of the model; users created with POST /users are private, so what they rated "
                    + "(their recommendations, predictions and profile) is readable only with their token.",
            };
        // The bearer handler found this principal's id by its token's hash just now: a match is the user's own token.
        // (Writes compare the hashes once more, against a rotation in between; a read needs no second lookup.)
        if (FeedbackClaims.UserId(http.User) == userId) return null;
        return Problems.Forbidden("Not your user",
            $"This token belongs to another user; it may only read and write that user's data, not user {userId}'s.");
    }
}
