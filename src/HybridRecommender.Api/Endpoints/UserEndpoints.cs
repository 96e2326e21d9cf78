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
            .WithDescription("How many movies the user rated (training data and API ratings) and their favourite genres by number "
                + "of rated movies; works for users created with POST /users too. No MovieLens mean rating: the model bundle records "
                + "which movies a user rated, never the rating values. A MovieLens user of the model is public; a user created with "
                + "POST /users is private: `Authorization: Bearer <token>` with their own token or the admin key (no token → 401, another "
                + "user's → 403; repeated failed tokens → 429 with Retry-After).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable); // the ratings database unavailable (docs/OPERATIONS.md)
        return app;
    }

    public static async Task<Results<Ok<UserResponse>, NotFoundProblem, BadRequestProblem, ForbiddenProblem, ChallengeHttpResult>> GetUser(
        [ParameterDoc("User id: a MovieLens user id or one POST /users returned.", "1", Integer = true)] string id,
        HttpContext http, RecommendationService service, ServingUsers users, CancellationToken ct)
    {
        var (user, problem) = await ModelLookups.ServingUserAsync(http, service, users, id, "id", ct);
        if (user is null) return ModelLookups.UserProblem<Ok<UserResponse>>(problem!);
        return TypedResults.Ok(new UserResponse(user.Id, user.Rated.Length, service.FavouriteGenres(user.Rated), user.IsModelUser, user.FeedbackRatings));
    }
}
