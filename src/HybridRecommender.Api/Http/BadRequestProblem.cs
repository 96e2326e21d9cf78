using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Http;

/// <summary>A typed 400 result with an application/problem+json body (see <see cref="ProblemResult"/>).</summary>
public sealed class BadRequestProblem(ProblemDetails problem) : ProblemResult(problem, StatusCodes.Status400BadRequest), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddProblemMetadata(builder, StatusCodes.Status400BadRequest);
}
