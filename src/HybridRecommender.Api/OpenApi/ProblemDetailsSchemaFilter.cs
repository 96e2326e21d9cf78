using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HybridRecommender.Api.OpenApi;

/// <summary>Documents RFC 7807's members (ProblemDetails has no XML comments of its own) and the extension members this API adds.</summary>
public sealed class ProblemDetailsSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(ProblemDetails) || schema is not OpenApiSchema problem) return;
        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
        Describe(problem, "type", "A URI naming the kind of problem: the RFC section that defines the status code (RFC 9110; RFC 6585 for 429).");
        Describe(problem, "title", "A short summary of the problem, e.g. 'Unknown genre' or 'Invalid parameter 'user''.");
        Describe(problem, "status", "The HTTP status code.");
        Describe(problem, "detail", "What was wrong with this request and, for a 400, what is valid; for 401, 403, 404 and 429, what to do instead.");
        Describe(problem, "instance", "A URI for this occurrence of the problem; this API leaves it out (see traceId).");
        problem.Properties["parameter"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The query or route parameter that was wrong (e.g. 'user', 'genres'), when one was.",
        };
        problem.Properties["validGenres"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = new OpenApiSchema { Type = JsonSchemaType.String },
            Description = "On an unknown genre: every genre the model knows.",
        };
        problem.Properties["traceId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The request's trace id, to find it in the server's logs.",
        };
    }

    private static void Describe(OpenApiSchema schema, string name, string description)
    {
        if (schema.Properties!.TryGetValue(name, out var property) && property is OpenApiSchema p) p.Description = description;
    }
}
