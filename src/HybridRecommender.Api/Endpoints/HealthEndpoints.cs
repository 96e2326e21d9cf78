using System.Globalization;
using HybridRecommender.Api.Contracts;
using HybridRecommender.Api.Feedback;
using HybridRecommender.Api.Http;
using HybridRecommender.Api.Serving;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HybridRecommender.Api.Endpoints;

/// <summary>
/// Liveness (<c>/health/live</c>: the process serves; a restart would not help otherwise), readiness
/// (<c>/health/ready</c>: the feedback database answers too; take the replica out of rotation while not)
/// and <c>/health</c>, readiness with the served model's figures.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth)
            .WithName("Health")
            .WithTags("Health")
            .WithSummary("Readiness, with the served model")
            .WithDescription("`ready` with the served model's size, training time and stored version (absent: Model:Path) when the model is loaded (the service refuses to start "
                + "without one) and the ratings database answers, with `refusedVersion` when a version made current could not be served here; 503 problem with Retry-After while it does not. Orchestrators: "
                + "`/health/live` (liveness: 200 while the process serves) and `/health/ready` (readiness: 200 `Healthy` or 503).");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(FeedbackDatabaseHealthCheck.ReadyTag),
            ResponseWriter = WriteReadinessAsync,
        });
        return app;
    }

    public static async Task<Results<Ok<HealthResponse>, ServiceUnavailableProblem>> GetHealth(
        RecommendationService service, ModelRollout rollout, HealthCheckService checks, IOptions<FeedbackOptions> options, HttpResponse response, CancellationToken ct)
    {
        var report = await checks.CheckHealthAsync(c => c.Tags.Contains(FeedbackDatabaseHealthCheck.ReadyTag), ct);
        if (report.Status != HealthStatus.Healthy)
        {
            var seconds = FeedbackUnavailableHandler.RetryAfterSeconds(options.Value);
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return new ServiceUnavailableProblem(Problems.FeedbackUnavailable(seconds));
        }
        var refused = rollout.Current.Refused is { } r ? string.Create(CultureInfo.InvariantCulture, $"v{r.Version} refused at {r.At:u}: {r.Reason}") : null;
        return TypedResults.Ok(new HealthResponse("ready", service.Bundle.Card.TrainedAt, service.Bundle.UserIds.Count, service.Bundle.Movies.Count,
            rollout.VersionOf(service)?.Version, refused));
    }

    // Healthy: the framework's plain "Healthy". Not ready: a problem+json 503 with Retry-After, like every other 503.
    private static async Task WriteReadinessAsync(HttpContext http, HealthReport report)
    {
        if (report.Status == HealthStatus.Healthy)
        {
            http.Response.ContentType = "text/plain";
            await http.Response.WriteAsync(report.Status.ToString());
            return;
        }
        var seconds = FeedbackUnavailableHandler.RetryAfterSeconds(http.RequestServices.GetRequiredService<IOptions<FeedbackOptions>>().Value);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(Problems.FeedbackUnavailable(seconds)).ExecuteAsync(http);
    }
}
