using HybridRecommender.Api.Contracts;
using HybridRecommender.Api.Http;
using HybridRecommender.Api.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

public static class ModelEndpoints
{
    public const string SvgContentType = "image/svg+xml";
    public const string PngContentType = "image/png";
    public static readonly string[] PlotNames = ["loss", "mae", "variety"];
    private static readonly (string Extension, string ContentType, string Format)[] PlotFormats =
        [("svg", SvgContentType, "SVG"), ("png", PngContentType, "PNG")];

    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/model", GetModel)
            .WithName("GetModel")
            .WithTags("Model")
            .WithSummary("The served model's card")
            .WithDescription("Architecture, hyperparameters, per-epoch figures, test metrics against the baselines, and when "
                + "it was trained; for a stored version, its number, the data it learned from and its quality-gate figures. The id ↔ index maps are left out.");

        foreach (var plot in PlotNames)
        foreach (var (extension, contentType, format) in PlotFormats)
        {
            var (name, summary, writer) = plot switch
            {
                "loss" => ("GetLossPlot", "Training and validation loss per epoch", "trainer"),
                "mae" => ("GetMaePlot", "Training and validation MAE per epoch", "trainer"),
                _ => ("GetVarietyPlot", "NDCG@10 against catalogue coverage at a few diversity / novelty settings", "evaluate command"),
            };
            app.MapGet($"/plots/{plot}.{extension}", (PlotsFolder folder) => GetPlot(folder, plot, extension, contentType))
                .WithName(name + (extension == "png" ? "Png" : ""))
                .WithTags("Model")
                .WithSummary(summary + $" ({format}, drawn by ScottPlot)")
                .WithDescription($"The {writer}'s plot {plot}.{extension} of the served model: from Model:PlotsPath when set, else the repository's assets/ for its model/, or the model folder's own plots/. 404 when the {writer} has not written it.")
                .Produces<string>(StatusCodes.Status200OK, contentType);
        }
        return app;
    }

    public static Ok<ModelResponse> GetModel(RecommendationService service, ModelRollout rollout) =>
        TypedResults.Ok(ModelResponse.From(service.Bundle.Card, rollout.VersionOf(service)));

    public static Results<PhysicalFileHttpResult, NotFoundProblem> GetPlot(PlotsFolder folder, string plot, string extension = "svg", string contentType = SvgContentType)
    {
        var path = Path.Combine(folder.Path, $"{plot}.{extension}");
        return File.Exists(path)
            ? TypedResults.PhysicalFile(path, contentType)
            : new NotFoundProblem(Problems.NotFound("Plot not found",
                $"{plot}.{extension} is not in '{folder.Path}'. " + (plot == "variety"
                    ? "evaluate writes it next to the model it evaluates: `dotnet run --project training -c Release -- evaluate --model <the model folder>`, or set Model:PlotsPath."
                    : "Training writes it next to the model it trains: `dotnet run --project training -c Release -- --out <the model folder>`, or set Model:PlotsPath.")));
    }
}
