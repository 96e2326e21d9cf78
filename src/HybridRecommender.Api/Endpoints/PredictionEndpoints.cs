using HybridRecommender.Api.Contracts;
using HybridRecommender.Api.Http;
using HybridRecommender.Api.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

public static class PredictionEndpoints
{
    public static IEndpointRouteBuilder MapPredictionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/predict", Predict)
            .WithName("Predict")
            .WithTags("Predictions")
            .WithSummary("Predict one user's rating of one movie")
            .WithDescription("The hybrid network's rating for the pair, clamped to 1–5: the same number GET /recommend "
                + "gives for that movie. `alreadyRated` says whether the user rated it in the data (rated movies are never recommended).");
        return app;
    }

    public static Results<Ok<PredictionResponse>, NotFoundProblem, BadRequestProblem> Predict(
        [AsParameters] PredictQuery query, RecommendationService service)
    {
        if (!ModelLookups.TryUser(service, query.User, "user", out var user, out var problem)
            || !ModelLookups.TryMovie(service, query.Movie, "movie", out var movie, out problem))
            return problem.Status == StatusCodes.Status404NotFound ? new NotFoundProblem(problem) : new BadRequestProblem(problem);

        var bundle = service.Bundle;
        var entry = bundle.Movies[movie];
        return TypedResults.Ok(new PredictionResponse(bundle.UserIds.IdAt(user), entry.Id, entry.Title,
            bundle.Scorer.Predict(user, movie), bundle.HasRated(user, movie)));
    }
}
