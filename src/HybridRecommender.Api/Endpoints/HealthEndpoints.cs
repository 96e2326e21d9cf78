using HybridRecommender.Api.Contracts;
using HybridRecommender.Api.Serving;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HybridRecommender.Api.Endpoints;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth)
            .WithName("Health")
            .WithTags("Health")
            .WithSummary("Readiness")
            .WithDescription("`ready` with the served model's size and training time. The service loads the model before "
                + "it listens and refuses to start without one, so a running instance is always ready.");
        return app;
    }

    public static Ok<HealthResponse> GetHealth(RecommendationService service) =>
        TypedResults.Ok(new HealthResponse("ready", service.Bundle.Card.TrainedAt, service.Bundle.UserIds.Count, service.Bundle.Movies.Count));
}
