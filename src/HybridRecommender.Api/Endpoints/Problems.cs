using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

/// <summary>RFC 7807 bodies for the client errors the endpoints return themselves.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ProblemDetails BadRequest(string title, string detail, string? parameter = null) =>
        Create(StatusCodes.Status400BadRequest, "https://tools.ietf.org/html/rfc9110#section-15.5.1", title, detail, parameter);

    public static ProblemDetails NotFound(string title, string detail, string? parameter = null) =>
        Create(StatusCodes.Status404NotFound, "https://tools.ietf.org/html/rfc9110#section-15.5.5", title, detail, parameter);

    public static ProblemDetails Forbidden(string title, string detail) =>
        Create(StatusCodes.Status403Forbidden, "https://tools.ietf.org/html/rfc9110#section-15.5.4", title, detail, null);

    public static ProblemDetails PayloadTooLarge(string detail, string? parameter = null) =>
        Create(StatusCodes.Status413PayloadTooLarge, "https://tools.ietf.org/html/rfc9110#section-15.5.14", "Body too large", detail, parameter);

    public static ProblemDetails UnsupportedMediaType(string detail) =>
        Create(StatusCodes.Status415UnsupportedMediaType, "https://tools.ietf.org/html/rfc9110#section-15.5.16", "Unsupported media type", detail, null);

    public static ProblemDetails TooManyRequests(string detail) =>
        Create(StatusCodes.Status429TooManyRequests, "https://tools.ietf.org/html/rfc6585#section-4", "Too many requests", detail, null);

    /// <summary>The feedback database is not answering: what the client can do, never where the database is.</summary>
    public static ProblemDetails FeedbackUnavailable(int retryAfterSeconds) =>
        Create(StatusCodes.Status503ServiceUnavailable, "https://tools.ietf.org/html/rfc9110#section-15.6.4", "Feedback database unavailable",
            $"The database of users and ratings is not answering right now. Retry after {retryAfterSeconds} s. A write that got this answer "
            + "may or may not have been applied: repeat it (PUT and DELETE are idempotent). Recommendations for MovieLens users are still served.", null);

    private static ProblemDetails Create(int status, string type, string title, string detail, string? parameter)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        // Lets a client point at the offending field without parsing prose.
        if (parameter is not null) problem.Extensions["parameter"] = parameter;
        return problem;
    }
}
