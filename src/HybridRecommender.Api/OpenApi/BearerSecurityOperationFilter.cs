using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HybridRecommender.Api.OpenApi;

/// <summary>
/// Marks the operations that need a bearer token (those with RequireAuthorization) with the Bearer scheme, and
/// the per-user reads that need one only for a private user (they list a 401 but allow anonymous calls) with
/// the Bearer scheme or none.
/// </summary>
public sealed class BearerSecurityOperationFilter : IOperationFilter
{
    public const string SchemeName = "Bearer";

    public static OpenApiSecurityScheme Scheme => new()
    {
        Type = SecuritySchemeType.Http,
        Scheme = "bearer",
        Description = "A user's token from POST /users (that user's data only), or the admin key (Feedback:AdminKey; any user, "
            + "including the trained MovieLens users). No token → 401; another user's token → 403; too many failed tokens or keys "
            + "from one address or at one user id → 429 with Retry-After. Reads of MovieLens users need none. See docs/PRIVACY.md.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var required = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any();
        var optional = !required && context.ApiDescription.SupportedResponseTypes.Any(r => r.StatusCode == StatusCodes.Status401Unauthorized);
        if (!required && !optional) return;
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
        if (optional) operation.Security.Add(new OpenApiSecurityRequirement());
    }
}
