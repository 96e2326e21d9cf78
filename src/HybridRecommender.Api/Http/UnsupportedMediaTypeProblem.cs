using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Http;

/// <summary>A typed 415 result with an application/problem+json body (see <see cref="ProblemResult"/>).</summary>
public sealed class UnsupportedMediaTypeProblem(ProblemDetails problem) : ProblemResult(problem, StatusCodes.Status415UnsupportedMediaType), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddProblemMetadata(builder, StatusCodes.Status415UnsupportedMediaType);
}
