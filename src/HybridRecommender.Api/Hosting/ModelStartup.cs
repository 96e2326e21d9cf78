using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Api.Hosting;

public static class ModelStartup
{
    /// <summary>
    /// Loads the model before the server listens. On any failure logs one critical line (what is wrong
    /// and how to retrain) and returns false, so the host exits instead of serving half a model.
    /// </summary>
    public static bool TryLoadModel(this WebApplication app)
    {
        // A setting out of range is a configuration error, not a bad bundle: say which key and what is valid.
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ModelOptions>>().Value.Retrieval.Problem(ModelOptions.Section) is { } problem)
        {
            app.Logger.LogCritical("Cannot start: {Problem}", problem);
            return false;
        }
        try
        {
            var service = app.Services.GetRequiredService<ServedModel>().Current;
            var card = service.Bundle.Card;
            app.Logger.LogInformation("Serving model from {Path}: {Users} users, {Movies} movies, trained {TrainedAt:u}, test RMSE {Rmse:F4}",
                service.ModelPath, card.Architecture.Users, card.Architecture.Movies, card.TrainedAt,
                card.Test.TryGetValue("hybrid", out var hybrid) ? hybrid.Rmse : double.NaN);
            app.Logger.LogInformation("Ranking: {Retrieval}", service.RetrievalStatus);
            return true;
        }
        catch (Exception e)
        {
            // Whatever went wrong (format, I/O, a card with nulls), the answer is the same: do not serve.
            var reason = e is ModelFormatException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            if (!reason.Contains("dotnet run --project training", StringComparison.Ordinal)) reason += " " + ModelBundle.RetrainHint;
            // The folder comes from configuration: say which setting, for a mistyped path.
            app.Logger.LogCritical("Cannot start: the model bundle in {Folder} (Model:Path, environment Model__Path) could not be loaded. {Reason}",
                app.Services.GetRequiredService<ModelFolder>().Path, reason);
            return false;
        }
    }
}
