using HybridRecommender.Core.Feedback;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HybridRecommender.Api.Feedback;

/// <summary>
/// Readiness: the feedback database answers a read (its schema version) within the deadline. Goes
/// through the store's own deadline and circuit breaker, so during an outage it fails at once.
/// Used for both SQLite and PostgreSQL, so readiness means the same thing on either.
/// </summary>
public sealed class FeedbackDatabaseHealthCheck(IFeedbackStore store) : IHealthCheck
{
    public const string Name = "feedback-database";
    public const string ReadyTag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await store.SchemaVersionAsync(ct);
            return HealthCheckResult.Healthy("The feedback database answers.");
        }
        catch (FeedbackUnavailableException e)
        {
            return HealthCheckResult.Unhealthy($"The feedback database is unavailable: {e.Reason}.");
        }
    }
}
