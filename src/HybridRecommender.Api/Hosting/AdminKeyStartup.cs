using HybridRecommender.Api.Feedback;
using Microsoft.Extensions.Options;

namespace HybridRecommender.Api.Hosting;

public static class AdminKeyStartup
{
    /// <summary>
    /// Refuses a weak or mistyped admin key before the server listens: at least
    /// <see cref="FeedbackOptions.MinAdminKeyLength"/> characters and no surrounding whitespace (a key
    /// pasted with a newline would otherwise never match what clients send). Unset or empty: no admin.
    /// On failure logs one critical line that never quotes the key, and returns false: the host exits.
    /// </summary>
    public static bool TryValidateAdminKey(this WebApplication app)
    {
        var key = app.Services.GetRequiredService<IOptions<FeedbackOptions>>().Value.AdminKey;
        var problem = Check(key);
        if (problem is null) return true;
        app.Logger.LogCritical("Cannot start: Feedback:AdminKey (environment Feedback__AdminKey) {Problem}; leave it unset for no admin.", problem);
        return false;
    }

    /// <summary>What is wrong with the key, or null when it is acceptable (or unset).</summary>
    public static string? Check(string? key)
    {
        if (string.IsNullOrEmpty(key)) return null;
        if (key.Trim().Length != key.Length) return "has whitespace at its start or end; remove it";
        if (key.Length < FeedbackOptions.MinAdminKeyLength)
            return $"is {key.Length} characters long; it needs at least {FeedbackOptions.MinAdminKeyLength} (e.g. openssl rand -base64 32)";
        return null;
    }
}
