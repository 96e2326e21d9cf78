using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Versions;

namespace HybridRecommender.Api.Hosting;

public static class ModelVersionStartup
{
    /// <summary>
    /// Creates or migrates the version tables and, before the server listens, swaps in the current stored version (if any), so a
    /// replica starting after a promotion does not serve Model:Path first. A version that fails to load is refused as at any poll:
    /// the replica starts on Model:Path and says so. Only tables that cannot be opened stop the host (one critical line).
    /// </summary>
    public static async Task<bool> TryOpenModelVersionsAsync(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<IModelVersionStore>();
        try
        {
            await store.InitialiseAsync();
        }
        catch (Exception e)
        {
            app.Logger.LogCritical("Cannot start: the model version tables in {Store} could not be opened: {Reason}", store.Description, $"{e.GetType().Name}: {e.Message}");
            return false;
        }
        await app.Services.GetRequiredService<ModelVersionWatcher>().PollOnceAsync(app.Lifetime.ApplicationStopping);
        return true;
    }
}
