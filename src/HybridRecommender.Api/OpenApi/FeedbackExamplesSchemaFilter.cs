using System.Text.Json.Nodes;
using HybridRecommender.Api.Contracts;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HybridRecommender.Api.OpenApi;

/// <summary>Examples for the feedback bodies, so Swagger UI's "Try it out" starts from a valid request.</summary>
public sealed class FeedbackExamplesSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema s) return;
        if (context.Type == typeof(RatingRequest)) s.Examples = [new JsonObject { ["rating"] = 4 }];
        else if (context.Type == typeof(NewUserResponse)) s.Examples = [new JsonObject { ["id"] = 6041, ["token"] = "q3Jz0cM1d0pW9mW8fX2y3LrG9nWc6mJwH1uE4T2kZ5s" }];
        else if (context.Type == typeof(RatingResponse)) s.Examples = [new JsonObject { ["userId"] = 6041, ["movieId"] = 2858, ["title"] = "American Beauty", ["rating"] = 4 }];
    }
}
