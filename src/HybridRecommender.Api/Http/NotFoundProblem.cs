using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Http;

/// <summary>A typed 404 result with an application/problem+json body (see <see cref="ProblemResult"/>).</summary>
public sealed class NotFoundProblem(ProblemDetails problem) : ProblemResult(problem, StatusCodes.Status404NotFound), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddProblemMetadata(builder, StatusCodes.Status404NotFound);
}
