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
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        users.MapPut("/{id}/ratings/{movieId}", SetRating)
            .WithName("SetRating")
            .WithSummary("Set a user's rating of a movie")
            .WithDescription("Body `{ \"rating\": 4 }` on the model's scale (MovieLens 1M: whole stars 1–5; GET /model has min/maxRating). "
                + "Idempotent: setting the same rating again changes nothing. The user's next GET /recommend and /predict reflect it."
                + AuthText + " Rate-limited per user (429 with Retry-After).")
            .Accepts<RatingRequest>("application/json")
            .RequireAuthorization()
            .RequireRateLimiting(WritePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        users.MapDelete("/{id}/ratings/{movieId}", DeleteRating)
            .WithName("DeleteRating")
            .WithSummary("Remove a user's rating of a movie")
            .WithDescription("204 whether or not the rating existed (idempotent)." + AuthText + " Rate-limited per user (429 with Retry-After).")
            .RequireAuthorization()
            .RequireRateLimiting(WritePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        users.MapGet("/{id}/ratings", GetRatings)
            .WithName("GetUserRatings")
            .WithSummary("The ratings the database holds for a user")
            .WithDescription("Every rating given through the API, by movie id (not the MovieLens training ratings)." + AuthText)
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    public static async Task<Created<NewUserResponse>> CreateUser(IFeedbackStore store, HttpResponse response, CancellationToken ct)
    {
        var token = AccessTokens.Create();
        var id = await store.CreateUserAsync(AccessTokens.Hash(token), CancellationToken.None); // once begun, finish: the client may retry
        response.Headers.CacheControl = "no-store"; // the body holds a secret
        return TypedResults.Created($"/users/{id}", new NewUserResponse(id, token));
    }

    public static async Task<Results<Ok<RatingResponse>, BadRequestProblem, NotFoundProblem, ForbiddenProblem>> SetRating(
        [ParameterDoc(UserIdDoc, "6041", Integer = true)] string id,
        [ParameterDoc(MovieIdDoc, "2858", Integer = true)] string movieId,
        HttpContext http, RecommendationService service, IFeedbackStore store, RatingScale scale, CancellationToken ct)
    {
        var target = await AuthoriseAsync(http, service, store, id, ct);
        if (target.Result is not null) return Fail<Ok<RatingResponse>>(target.Result);
        if (!ModelLookups.TryMovie(service, movieId, "movieId", out var movie, out var problem))
            return Fail<Ok<RatingResponse>>(problem);
        var (rating, bodyProblem) = await ReadRatingAsync(http.Request, scale, ct);
        if (bodyProblem is not null) return new BadRequestProblem(bodyProblem);

        var entry = service.Bundle.Movies[movie];
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
        var bundle = service.Bundle;
        var items = snapshot.Ratings.Select(r => new UserRating(r.MovieId,
            bundle.MovieIds.TryGetIndex(r.MovieId, out var m) ? bundle.Movies[m].DisplayTitle : null,
            r.Rating, DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAtMs))).ToArray();
        return TypedResults.Ok(new UserRatingsResponse(target.UserId, items));
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
        if (request.ContentLength > MaxBodyBytes)
            return (0, Problems.BadRequest("Body too large", $"The body has {request.ContentLength} bytes; a rating is a few. {valid}", "rating"));
        JsonDocument doc;
        try
        {
            var buffer = new byte[MaxBodyBytes + 1];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
            if (read > MaxBodyBytes) return (0, Problems.BadRequest("Body too large", $"The body is over {MaxBodyBytes} bytes. {valid}", "rating"));
            if (read == 0) return (0, Problems.BadRequest("Missing body", $"No body was sent. {valid}", "rating"));
            doc = JsonDocument.Parse(buffer.AsMemory(0, read));
        }
        catch (JsonException)
        {
            return (0, Problems.BadRequest("Invalid JSON", $"The body is not valid JSON. {valid}", "rating"));
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("rating", out var value))
                return (0, Problems.BadRequest("Missing 'rating'", $"The body has no 'rating'. {valid}", "rating"));
            var unknown = doc.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "rating").ToArray();
            if (unknown.Length > 0)
                return (0, Problems.BadRequest("Unknown field", $"The body has unknown field(s) {string.Join(", ", unknown.Select(u => $"'{QueryParameters.Echo(u)}'"))}. {valid}", "rating"));
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var rating) || !scale.Accepts(rating))
                return (0, Problems.BadRequest("Invalid rating",
                    $"'rating' must be {scale.Describe()} (this model's scale); got {QueryParameters.Echo(value.GetRawText())}.", "rating"));
            return (rating, null);
        }
    }

    private static Results<TOk, BadRequestProblem, NotFoundProblem, ForbiddenProblem> Fail<TOk>(ProblemDetails problem) where TOk : IResult =>
        problem.Status switch
        {
            StatusCodes.Status404NotFound => new NotFoundProblem(problem),
            StatusCodes.Status403Forbidden => new ForbiddenProblem(problem),
            _ => new BadRequestProblem(problem),
        };
}
