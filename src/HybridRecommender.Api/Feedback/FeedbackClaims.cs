using System.Security.Claims;

namespace HybridRecommender.Api.Feedback;

/// <summary>What <see cref="BearerTokenHandler"/> puts in the principal.</summary>
public static class FeedbackClaims
{
    public const string Scheme = "Bearer";
    public const string AdminRole = "admin";
    /// <summary>Hex SHA-256 of the presented user token, for the constant-time check against the target user's stored hash.</summary>
    public const string TokenHash = "token_sha256";

    public static bool IsAdmin(ClaimsPrincipal user) => user.IsInRole(AdminRole);

    public static int? UserId(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    public static byte[]? PresentedHash(ClaimsPrincipal user) =>
        user.FindFirstValue(TokenHash) is { } hex ? Convert.FromHexString(hex) : null;
}
