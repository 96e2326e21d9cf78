using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HybridRecommender.Api.OpenApi;

/// <summary>Marks the operations that need a bearer token (those with RequireAuthorization) with the Bearer scheme.</summary>
public sealed class BearerSecurityOperationFilter : IOperationFilter
{
    public const string SchemeName = "Bearer";

    public static OpenApiSecurityScheme Scheme => new()
    {
        Type = SecuritySchemeType.Http,
        Scheme = "bearer",
        Description = "A user's token from POST /users (that user's ratings only), or the admin key (Feedback:AdminKey; any user, "
            + "including the trained MovieLens users). No token → 401; another user's token → 403.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any()) return;
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
    }
}
