using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using HybridRecommender.Api.Endpoints;
using HybridRecommender.Core.Feedback;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Feedback;

/// <summary>
/// Who may read and write a user's ratings: the admin key for anyone; otherwise only the token
/// the user was created with (checked against the stored hash in constant time). Users of the
/// trained model (MovieLens users) have no token, so only the admin can write theirs.
/// </summary>
public static class FeedbackAccess
{
    public static bool TryAuthorise(ClaimsPrincipal principal, int targetId, FeedbackUser? target, bool isModelUser,
        [NotNullWhen(false)] out ProblemDetails? problem)
    {
        problem = null;
        if (FeedbackClaims.IsAdmin(principal)) return true;
        var own = FeedbackClaims.UserId(principal) == targetId
            && target?.TokenHash is { } stored
            && FeedbackClaims.PresentedHash(principal) is { } presented
            && AccessTokens.HashesEqual(presented, stored);
        if (own) return true;
        // The token authenticated as this user a moment ago, but the stored hash moved on: a rotation (or erasure) committed in between.
        if (FeedbackClaims.UserId(principal) == targetId)
        {
            problem = Problems.Forbidden("Token replaced",
                $"This token was user {targetId}'s until a rotation or erasure a moment ago; the token that rotation returned is the valid one.");
            return false;
        }
        problem = isModelUser && target?.TokenHash is null
            ? Problems.Forbidden("Admin key required",
                $"User {targetId} is a user of the trained model (MovieLens); only the admin key (Feedback:AdminKey) may read or write its ratings.")
            : Problems.Forbidden("Not your user",
                $"This token belongs to another user; it may only read and write that user's ratings, not user {targetId}'s.");
        return false;
    }
}
