using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Http;

/// <summary>A typed 503 result with an application/problem+json body (see <see cref="ProblemResult"/>); the caller sets Retry-After.</summary>
public sealed class ServiceUnavailableProblem(ProblemDetails problem) : ProblemResult(problem, StatusCodes.Status503ServiceUnavailable), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddProblemMetadata(builder, StatusCodes.Status503ServiceUnavailable);
}
