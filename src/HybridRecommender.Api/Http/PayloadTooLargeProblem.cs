using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Http;

/// <summary>A typed 413 result with an application/problem+json body (see <see cref="ProblemResult"/>).</summary>
public sealed class PayloadTooLargeProblem(ProblemDetails problem) : ProblemResult(problem, StatusCodes.Status413PayloadTooLarge), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddProblemMetadata(builder, StatusCodes.Status413PayloadTooLarge);
}
