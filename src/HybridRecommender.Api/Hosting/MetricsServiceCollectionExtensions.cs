using HybridRecommender.Api.Serving;
using OpenTelemetry.Metrics;

namespace HybridRecommender.Api.Hosting;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// OpenTelemetry metrics in Prometheus text at /metrics: ASP.NET Core's request counts and latencies per route
    /// (<c>http_server_request_duration_seconds</c>, labelled by <c>http_route</c>, method and status) and <see cref="RecommenderMetrics"/>.
    /// </summary>
    public static IServiceCollection AddRecommenderMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddAspNetCoreInstrumentation()
            .AddMeter(RecommenderMetrics.MeterName)
            .AddPrometheusExporter());
        return services;
    }
}
