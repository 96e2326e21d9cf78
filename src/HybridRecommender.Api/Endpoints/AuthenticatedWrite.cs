namespace HybridRecommender.Api.Endpoints;

public static class AuthenticatedWrite
{
    /// <summary>
    /// The conventions every write shares: a bearer token or the admin key, the per-caller write rate limit
    /// (<see cref="FeedbackEndpoints.WritePolicy"/>), and the problems that follow from them in Swagger — 401, 429, and 503 when
    /// the feedback database is unavailable (docs/OPERATIONS.md).
    /// </summary>
    public static RouteHandlerBuilder AsAuthenticatedWrite(this RouteHandlerBuilder endpoint) => endpoint
        .RequireAuthorization()
        .RequireRateLimiting(FeedbackEndpoints.WritePolicy)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
