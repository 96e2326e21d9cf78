using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HybridRecommender.Api.OpenApi;

/// <summary>Documents the extension members this API adds to its RFC 7807 problems.</summary>
public sealed class ProblemDetailsSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(ProblemDetails) || schema is not OpenApiSchema problem) return;
        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
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
}
