using HybridRecommender.Api.Contracts;
using HybridRecommender.Api.Http;
using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Model;
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
                + "gives for that movie. Works for users created with POST /users (their profile is folded in from their "
                + "ratings; with none yet, the model's average user). `alreadyRated` says whether the user rated it, in the "
                + "data or through the API (rated movies are never recommended). A MovieLens user of the model is public; a user created with "
                + "POST /users is private: `Authorization: Bearer <token>` with their own token or the admin key (no token → 401, another "
                + "user's → 403; repeated failed tokens → 429 with Retry-After).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable); // a private user while the ratings database is unavailable
        return app;
    }

    public static async Task<Results<Ok<PredictionResponse>, NotFoundProblem, BadRequestProblem, ForbiddenProblem, ChallengeHttpResult>> Predict(
        [AsParameters] PredictQuery query, HttpContext http, RecommendationService service, ServingUsers users, CancellationToken ct)
    {
        var (user, problem) = await ModelLookups.ServingUserAsync(http, service, users, query.User, "user", ct, degradeWhenUnavailable: true);
        if (user is null || !ModelLookups.TryMovie(service, query.Movie, "movie", out var movie, out problem))
            return ModelLookups.UserProblem<Ok<PredictionResponse>>(problem!);

        var bundle = service.Bundle;
        var entry = service.Movies[movie];
        var profile = user.Profile ?? new UserProfile(new float[bundle.Card.Architecture.Dim], 0f);
        var note = user.Profile is null
            ? $"User {user.Id} has no ratings yet: this is the model's prediction for an average user. Rate movies with PUT /users/{user.Id}/ratings/{{movieId}}."
            : user.UnavailableNote;
        return TypedResults.Ok(new PredictionResponse(user.Id, entry.Id, entry.DisplayTitle, service.Scorer.Predict(profile, movie), user.HasRated(movie), note));
    }
}
