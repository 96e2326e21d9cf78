using HybridRecommender.Api.Contracts;
using HybridRecommender.Api.Http;
using HybridRecommender.Api.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

public static class ModelEndpoints
{
    public const string SvgContentType = "image/svg+xml";
    public static readonly string[] PlotNames = ["loss", "mae"];

    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/model", GetModel)
            .WithName("GetModel")
            .WithTags("Model")
            .WithSummary("The served model's card")
            .WithDescription("Architecture, hyperparameters, per-epoch figures, test metrics against the baselines, and when "
                + "it was trained. The id ↔ index maps are left out.");

        foreach (var plot in PlotNames)
        {
            app.MapGet($"/plots/{plot}.svg", (PlotsFolder folder) => GetPlot(folder, plot))
                .WithName(plot == "loss" ? "GetLossPlot" : "GetMaePlot")
                .WithTags("Model")
                .WithSummary(plot == "loss" ? "Training and validation loss per epoch (SVG)" : "Training and validation MAE per epoch (SVG)")
                .WithDescription($"The trainer's plot {plot}.svg from the plots folder (Model:PlotsPath). 404 when the trainer has not written it.")
                .Produces<string>(StatusCodes.Status200OK, SvgContentType);
        }
        return app;
    }

    public static Ok<ModelResponse> GetModel(RecommendationService service) => TypedResults.Ok(ModelResponse.From(service.Bundle.Card));

    public static Results<PhysicalFileHttpResult, NotFoundProblem> GetPlot(PlotsFolder folder, string plot)
    {
        var path = Path.Combine(folder.Path, plot + ".svg");
        return File.Exists(path)
            ? TypedResults.PhysicalFile(path, SvgContentType)
            : new NotFoundProblem(Problems.NotFound("Plot not found",
                $"{plot}.svg is not in '{folder.Path}'. Training writes it: run `dotnet run --project training`."));
    }
}
