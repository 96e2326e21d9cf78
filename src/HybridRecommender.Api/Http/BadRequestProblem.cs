using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Http;

/// <summary>
/// A typed 400 result whose body is the problem, sent as application/problem+json. The framework's
/// BadRequest&lt;ProblemDetails&gt; would send it as application/json; this keeps the typed-results style
/// (the status and body type show in the handler's signature and in the OpenAPI document) with the
/// RFC 7807 media type.
/// </summary>
public sealed class BadRequestProblem(ProblemDetails problem) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>
{
    public ProblemDetails Value { get; } = problem;
    object? IValueHttpResult.Value => Value;
    public int StatusCode => StatusCodes.Status400BadRequest;
    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        Value.Status = StatusCode;
        // ProblemHttpResult writes problem+json and applies the service's problem defaults.
        return TypedResults.Problem(Value).ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(ProblemDetails), ["application/problem+json"]));
}
