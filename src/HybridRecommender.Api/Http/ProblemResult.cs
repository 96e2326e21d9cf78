using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Http;

/// <summary>
/// A typed error result whose body is the problem, sent as application/problem+json. The framework's
/// BadRequest&lt;ProblemDetails&gt; / NotFound&lt;ProblemDetails&gt; would send it as application/json; the
/// subclasses keep the typed-results style (the status and body type show in the handler's signature
/// and, through their static PopulateMetadata, in the OpenAPI document) with the RFC 7807 media type.
/// </summary>
public abstract class ProblemResult(ProblemDetails problem, int statusCode) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>
{
    public ProblemDetails Value { get; } = problem;
    object? IValueHttpResult.Value => Value;
    public int StatusCode { get; } = statusCode;
    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        Value.Status = StatusCode;
        // ProblemHttpResult writes problem+json and applies the service's problem defaults.
        return TypedResults.Problem(Value).ExecuteAsync(httpContext);
    }

    protected static void AddProblemMetadata(EndpointBuilder builder, int statusCode) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(statusCode, typeof(ProblemDetails), ["application/problem+json"]));
}
