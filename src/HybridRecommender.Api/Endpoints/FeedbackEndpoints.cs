using System.Text.Json;
using HybridRecommender.Api.Contracts;
using HybridRecommender.Api.Feedback;
using HybridRecommender.Api.Http;
using HybridRecommender.Api.OpenApi;
using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Feedback;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

/// <summary>POST /users and a user's ratings: the writes of the feedback loop.</summary>
public static class FeedbackEndpoints
{
    public const string CreateUserPolicy = "create-user";
    public const string WritePolicy = "rating-writes";
    /// <summary>A rating body is a few bytes; anything far bigger is not one.</summary>
    public const int MaxBodyBytes = 1024;

    private const string UserIdDoc = "User id: one POST /users returned, or (admin key only) a MovieLens user of the model.";
    private const string MovieIdDoc = "MovieLens movie id (GET /movies?q= finds one).";
    private const string AuthText = " Needs `Authorization: Bearer <token>`: the user's own token from POST /users, or the admin key.";

    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/users").WithTags("Users");

        users.MapPost("", CreateUser)
            .WithName("CreateUser")
            .WithSummary("Create a user who can rate movies")
            .WithDescription("Returns the new user's id (above every id of the model, allocated by the database) and a bearer token. "
                + "The token is shown only in this answer; the server stores only its hash. Rate-limited per client (429 with Retry-After).")
            .RequireRateLimiting(CreateUserPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable); // the ratings database unavailable (docs/OPERATIONS.md)

        users.MapPut("/{id}/ratings/{movieId}", SetRating)
            .WithName("SetRating")
            .WithSummary("Set a user's rating of a movie")
            .WithDescription("Body `{ \"rating\": 4 }` on the model's scale (MovieLens 1M: whole stars 1–5; GET /model has min/maxRating). "
                + "Idempotent: setting the same rating again changes nothing. The user's next GET /recommend and /predict reflect it. "
                + "The body must be `Content-Type: application/json` in UTF-8 (else 415), at most 1,024 bytes (else 413), valid UTF-8 with "
                + "each field once (else 400 saying which)."
                + AuthText + " Rate-limited per user (429 with Retry-After).")
            .Accepts<RatingRequest>("application/json")
            .AsAuthenticatedWrite();

        users.MapDelete("/{id}/ratings/{movieId}", DeleteRating)
            .WithName("DeleteRating")
            .WithSummary("Remove a user's rating of a movie")
            .WithDescription("204 whether or not the rating existed (idempotent)." + AuthText + " Rate-limited per user (429 with Retry-After).")
            .AsAuthenticatedWrite();

        users.MapGet("/{id}/ratings", GetRatings)
            .WithName("GetUserRatings")
            .WithSummary("The ratings the database holds for a user")
            .WithDescription("Every rating given through the API, by movie id (not the MovieLens training ratings)." + AuthText)
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable); // the ratings database unavailable (docs/OPERATIONS.md)

        users.MapDelete("/{id}", DeleteUser)
            .WithName("DeleteUser")
            .WithSummary("Erase a user and every rating they gave (right to erasure)")
            .WithDescription("A user created with POST /users: the user, their token and every rating are deleted at once; the id is never "
                + "handed out again, and the next training run with --feedback no longer sees them (a model trained before still holds "
                + "what it learnt until it is retrained). A MovieLens user (admin key only): the ratings given through the API are deleted; "
                + "the published data stays. 204 when done; 404 (admin key) for an id the database never held." + AuthText
                + " Rate-limited per user (429 with Retry-After).")
            .AsAuthenticatedWrite();

        users.MapPost("/{id}/token", RotateToken)
            .WithName("RotateToken")
            .WithSummary("Replace a user's token")
            .WithDescription("Returns a new token for the user (shown only in this answer, stored only as its hash); the old one stops working "
                + "at once, on every replica. With the user's own token the swap happens only if that token is still current (of two "
                + "concurrent rotations with one token, the second gets 401). MovieLens users have no token (400)." + AuthText
                + " Rate-limited per user (429 with Retry-After).")
            .AsAuthenticatedWrite();
        return app;
    }

    public static async Task<Created<NewUserResponse>> CreateUser(IFeedbackStore store, HttpResponse response, CancellationToken ct)
    {
        var token = AccessTokens.Create();
        var id = await store.CreateUserAsync(AccessTokens.Hash(token), CancellationToken.None); // once begun, finish: the client may retry
        response.Headers.CacheControl = "no-store"; // the body holds a secret
        return TypedResults.Created($"/users/{id}", new NewUserResponse(id, token));
    }

    public static async Task<Results<Ok<RatingResponse>, BadRequestProblem, NotFoundProblem, ForbiddenProblem, PayloadTooLargeProblem, UnsupportedMediaTypeProblem>> SetRating(
        [ParameterDoc(UserIdDoc, "6041", Integer = true)] string id,
        [ParameterDoc(MovieIdDoc, "2858", Integer = true)] string movieId,
        HttpContext http, RecommendationService service, IFeedbackStore store, RatingScale scale, CancellationToken ct)
    {
        var target = await AuthoriseAsync(http, service, store, id, ct);
        if (target.Result is not null) return Fail(target.Result);
        if (!ModelLookups.TryMovie(service, movieId, "movieId", out var movie, out var problem)) return Fail(problem);
        var (rating, bodyProblem) = await ReadRatingAsync(http.Request, scale, ct);
        if (bodyProblem is not null)
            return bodyProblem.Status switch
            {
                StatusCodes.Status413PayloadTooLarge => new PayloadTooLargeProblem(bodyProblem),
                StatusCodes.Status415UnsupportedMediaType => new UnsupportedMediaTypeProblem(bodyProblem),
                _ => new BadRequestProblem(bodyProblem),
            };

        var entry = service.Movies[movie];
        await store.SetRatingAsync(target.UserId, entry.Id, (float)rating, CancellationToken.None);
        return TypedResults.Ok(new RatingResponse(target.UserId, entry.Id, entry.DisplayTitle, (float)rating));
    }

    public static async Task<Results<NoContent, BadRequestProblem, NotFoundProblem, ForbiddenProblem>> DeleteRating(
        [ParameterDoc(UserIdDoc, "6041", Integer = true)] string id,
        [ParameterDoc(MovieIdDoc, "2858", Integer = true)] string movieId,
        HttpContext http, RecommendationService service, IFeedbackStore store, CancellationToken ct)
    {
        var target = await AuthoriseAsync(http, service, store, id, ct);
        if (target.Result is not null) return Fail<NoContent>(target.Result);
        // Any whole number is accepted: a rating stored under an older model's catalogue can still be removed.
        if (!QueryParameters.TryParseRequiredInt(movieId, "movieId", int.MinValue, int.MaxValue, out var movie, out var problem))
            return new BadRequestProblem(problem);
        await store.DeleteRatingAsync(target.UserId, movie, CancellationToken.None);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<UserRatingsResponse>, BadRequestProblem, NotFoundProblem, ForbiddenProblem>> GetRatings(
        [ParameterDoc(UserIdDoc, "6041", Integer = true)] string id,
        HttpContext http, RecommendationService service, IFeedbackStore store, CancellationToken ct)
    {
        var target = await AuthoriseAsync(http, service, store, id, ct);
        if (target.Result is not null) return Fail<Ok<UserRatingsResponse>>(target.Result);
        var snapshot = await store.RatingsAsync(target.UserId, ct);
        var items = snapshot.Ratings.Select(r => new UserRating(r.MovieId,
            service.MovieIds.TryGetIndex(r.MovieId, out var m) ? service.Movies[m].DisplayTitle : null,
            r.Rating, DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAtMs))).ToArray();
        return TypedResults.Ok(new UserRatingsResponse(target.UserId, items));
    }

    public static async Task<Results<NoContent, BadRequestProblem, NotFoundProblem, ForbiddenProblem>> DeleteUser(
        [ParameterDoc(UserIdDoc, "6041", Integer = true)] string id,
        HttpContext http, RecommendationService service, IFeedbackStore store, CancellationToken ct)
    {
        var target = await AuthoriseAsync(http, service, store, id, ct);
        if (target.Result is not null) return Fail<NoContent>(target.Result);
        await store.DeleteUserAsync(target.UserId, CancellationToken.None); // once begun, finish: the client may retry
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<NewUserResponse>, BadRequestProblem, NotFoundProblem, ForbiddenProblem, ChallengeHttpResult>> RotateToken(
        [ParameterDoc(UserIdDoc, "6041", Integer = true)] string id,
        HttpContext http, RecommendationService service, IFeedbackStore store, CancellationToken ct)
    {
        var target = await AuthoriseAsync(http, service, store, id, ct);
        if (target.Result is not null)
            return target.Result.Status switch
            {
                StatusCodes.Status404NotFound => new NotFoundProblem(target.Result),
                StatusCodes.Status403Forbidden => new ForbiddenProblem(target.Result),
                _ => new BadRequestProblem(target.Result),
            };
        var token = AccessTokens.Create();
        var current = FeedbackClaims.IsAdmin(http.User) ? null : FeedbackClaims.PresentedHash(http.User);
        if (!await store.RotateTokenAsync(target.UserId, AccessTokens.Hash(token), current, CancellationToken.None))
        {
            if (current is not null) // this token was replaced meanwhile: it no longer authenticates anything
                return TypedResults.Challenge(new Microsoft.AspNetCore.Authentication.AuthenticationProperties(new Dictionary<string, string?>
                {
                    [BearerTokenHandler.DetailItem] = "This token was replaced by another rotation a moment ago; the token that rotation returned is the valid one.",
                }));
            return new BadRequestProblem(Problems.BadRequest("No token to rotate",
                $"User {target.UserId} is a user of the trained model (MovieLens) and has no token; only users created with POST /users have one.", "id"));
        }
        http.Response.Headers.CacheControl = "no-store"; // the body holds a secret
        return TypedResults.Ok(new NewUserResponse(target.UserId, token));
    }

    private readonly record struct Target(int UserId, ProblemDetails? Result);

    // Parse the id (400), then who may touch it (403) before whether it exists (404): a user token
    // learns nothing about other ids. The admin gets the 404.
    private static async Task<Target> AuthoriseAsync(HttpContext http, RecommendationService service, IFeedbackStore store, string rawId, CancellationToken ct)
    {
        if (!QueryParameters.TryParseRequiredInt(rawId, "id", int.MinValue, int.MaxValue, out var id, out var problem))
            return new Target(0, problem);
        var isModelUser = service.Bundle.UserIds.Contains(id);
        var stored = await store.FindUserAsync(id, ct);
        if (!FeedbackAccess.TryAuthorise(http.User, id, stored, isModelUser, out problem)) return new Target(id, problem);
        if (!isModelUser && stored is null)
            return new Target(id, Problems.NotFound("Unknown user", $"User {id} is not in the model and was not created with POST /users.", "id"));
        return new Target(id, null);
    }

    private static async Task<(double Rating, ProblemDetails? Problem)> ReadRatingAsync(HttpRequest request, RatingScale scale, CancellationToken ct)
    {
        var valid = $"The body is JSON {{ \"rating\": n }} with n {scale.Describe()}.";
        var (doc, problem) = await JsonBody.ReadAsync(request, MaxBodyBytes, "a rating is a few", valid, "rating", ct);
        if (doc is null) return (0, problem);
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("rating", out var value))
                return (0, Problems.BadRequest("Missing 'rating'", $"The body has no 'rating'. {valid}", "rating"));
            if (JsonBody.UnknownFields(doc.RootElement, "rating") is { } unknown)
                return (0, Problems.BadRequest("Unknown field", $"The body has unknown field(s) {unknown}. {valid}", "rating"));
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var rating) || !scale.Accepts(rating))
                return (0, Problems.BadRequest("Invalid rating",
                    $"'rating' must be {scale.Describe()} (this model's scale); got {QueryParameters.Echo(value.GetRawText())}.", "rating"));
            return (rating, null);
        }
    }

    private static Results<Ok<RatingResponse>, BadRequestProblem, NotFoundProblem, ForbiddenProblem, PayloadTooLargeProblem, UnsupportedMediaTypeProblem> Fail(ProblemDetails problem) =>
        problem.Status switch
        {
            StatusCodes.Status404NotFound => new NotFoundProblem(problem),
            StatusCodes.Status403Forbidden => new ForbiddenProblem(problem),
            _ => new BadRequestProblem(problem),
        };

    private static Results<TOk, BadRequestProblem, NotFoundProblem, ForbiddenProblem> Fail<TOk>(ProblemDetails problem) where TOk : IResult =>
        problem.Status switch
        {
            StatusCodes.Status404NotFound => new NotFoundProblem(problem),
            StatusCodes.Status403Forbidden => new ForbiddenProblem(problem),
            _ => new BadRequestProblem(problem),
        };
}
