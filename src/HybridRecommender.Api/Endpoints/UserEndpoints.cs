using HybridRecommender.Api.Contracts;
using HybridRecommender.Api.Http;
using HybridRecommender.Api.OpenApi;
using HybridRecommender.Api.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/users/{id}", GetUser)
            .WithName("GetUser")
            .WithTags("Users")
            .WithSummary("What the model knows about a user")
            .WithDescription("How many movies the user rated and their favourite genres by number of rated movies. "
                + "No mean rating: the model bundle records which movies a user rated, never the rating values.");
        return app;
    }

    public static Results<Ok<UserResponse>, NotFoundProblem, BadRequestProblem> GetUser(
        [ParameterDoc("MovieLens user id.", "1", Integer = true)] string id, RecommendationService service)
    {
        if (!ModelLookups.TryUser(service, id, "id", out var user, out var problem))
            return problem.Status == StatusCodes.Status404NotFound ? new NotFoundProblem(problem) : new BadRequestProblem(problem);
        return TypedResults.Ok(new UserResponse(service.Bundle.UserIds.IdAt(user), service.Bundle.RatedByUser[user].Length,
            service.FavouriteGenres(user)));
    }
}
