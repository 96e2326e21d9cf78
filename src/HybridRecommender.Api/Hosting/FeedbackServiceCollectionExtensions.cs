using System.Globalization;
using System.Threading.RateLimiting;
using HybridRecommender.Api.Endpoints;
using HybridRecommender.Api.Feedback;
using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Feedback;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace HybridRecommender.Api.Hosting;

public static class FeedbackServiceCollectionExtensions
{
    /// <summary>
    /// The feedback store (PostgreSQL when Feedback:ConnectionString is set, else SQLite in
    /// Feedback:Folder), serving users with read-your-writes, bearer authentication and the write
    /// rate limits.
    /// </summary>
    public static IServiceCollection AddFeedback(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FeedbackOptions>(configuration.GetSection(FeedbackOptions.Section));
        services.AddSingleton<FeedbackOutageLog>();
        services.AddSingleton<IFeedbackStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<FeedbackOptions>>().Value;
            // Every store call runs under this deadline, with bounded retries (DatabaseCalls).
            var calls = new DatabaseCallOptions
            {
                Deadline = o.Deadline,
                Observer = sp.GetRequiredService<FeedbackOutageLog>(),
            };
            if (!string.IsNullOrWhiteSpace(o.ConnectionString)) return new PostgresFeedbackStore(o.ConnectionString, calls);
            var folder = RepositoryPath.Resolve(o.Folder, sp.GetRequiredService<IHostEnvironment>().ContentRootPath);
            return new SqliteFeedbackStore(Path.Combine(folder, SqliteFeedbackStore.DefaultFileName), calls);
        });
        services.AddExceptionHandler<FeedbackUnavailableHandler>();
        // The outage is logged once by FeedbackOutageLog; not once more per failed readiness probe.
        services.AddLogging(l => l.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical));
        services.AddHealthChecks().AddCheck<FeedbackDatabaseHealthCheck>(FeedbackDatabaseHealthCheck.Name, tags: [FeedbackDatabaseHealthCheck.ReadyTag]);
        services.AddSingleton<FoldedInUsers>();
        services.AddScoped<ServingUsers>();
        services.AddSingleton<AuthFailureLimiter>();
        services.AddSingleton(sp => RatingScale.FromCard(sp.GetRequiredService<ServedModel>().Current.Bundle.Card));

        services.AddAuthentication(FeedbackClaims.Scheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(FeedbackClaims.Scheme, null);
        services.AddAuthorization();

        var limits = configuration.GetSection(FeedbackOptions.Section).Get<FeedbackOptions>()?.RateLimit ?? new RateLimitOptions();
        var window = TimeSpan.FromSeconds(Math.Max(1, limits.WindowSeconds));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(FeedbackEndpoints.CreateUserPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                "ip:" + http.Connection.RemoteIpAddress, _ => Window(limits.CreateUsers, window)));
            // Per authenticated user (or the admin key); per address for requests that are not.
            o.AddPolicy(FeedbackEndpoints.WritePolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.User.Identity?.IsAuthenticated == true ? "who:" + http.User.Identity.Name : "ip:" + http.Connection.RemoteIpAddress,
                _ => Window(limits.Writes, window)));
            o.OnRejected = async (context, ct) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var what = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == FeedbackEndpoints.CreateUserPolicy
                    ? $"at most {limits.CreateUsers} new users per client"
                    : $"at most {limits.Writes} writes (ratings, catalogue changes) per user";
                await TypedResults.Problem(Problems.TooManyRequests($"This API accepts {what} every {window.TotalSeconds:0} s. Retry after {seconds} s."))
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = Math.Max(1, permits), Window = window, QueueLimit = 0, AutoReplenishment = true };
}
