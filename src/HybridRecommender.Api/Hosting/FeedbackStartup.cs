using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Feedback;

namespace HybridRecommender.Api.Hosting;

public static class FeedbackStartup
{
    /// <summary>
    /// Creates or migrates the feedback database before the server listens, reserving the model's user
    /// ids. On failure logs one critical line (which database, why) and returns false: the host exits.
    /// </summary>
    public static async Task<bool> TryOpenFeedbackStoreAsync(this WebApplication app)
    {
        var description = "(not opened)";
        try
        {
            var store = app.Services.GetRequiredService<IFeedbackStore>();
            description = store.Description;
            var bundle = app.Services.GetRequiredService<ServedModel>().Current.Bundle;
            await store.InitialiseAsync(bundle.UserIds.MaxId);
            // InitialiseAsync migrated to the latest version or refused a newer one; no second call under a request's deadline.
            app.Logger.LogInformation("Feedback database: {Store}, schema version {Version}", store.Description, FeedbackSchema.LatestVersion);
            return true;
        }
        catch (Exception e)
        {
            // The message names the database and the failure; a connection string's password is never in it (Description omits it).
            app.Logger.LogCritical("Cannot start: the feedback database {Store} could not be opened: {Reason}", description, $"{e.GetType().Name}: {e.Message}");
            return false;
        }
    }
}
