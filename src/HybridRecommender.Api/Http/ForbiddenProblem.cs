using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Http;

/// <summary>A typed 403 result with an application/problem+json body (see <see cref="ProblemResult"/>).</summary>
public sealed class ForbiddenProblem(ProblemDetails problem) : ProblemResult(problem, StatusCodes.Status403Forbidden), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddProblemMetadata(builder, StatusCodes.Status403Forbidden);
}
