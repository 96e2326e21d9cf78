using System.Globalization;
using HybridRecommender.Api.Endpoints;
using HybridRecommender.Core.Feedback;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace HybridRecommender.Api.Feedback;

/// <summary>
/// Any request whose database call gave up (<see cref="FeedbackUnavailableException"/>) → 503 problem+json
/// with Retry-After. Logs nothing itself: <see cref="FeedbackOutageLog"/> reports the outage once.
/// </summary>
public sealed class FeedbackUnavailableHandler(IOptions<FeedbackOptions> options) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not FeedbackUnavailableException) return false;
        var seconds = RetryAfterSeconds(options.Value);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(Problems.FeedbackUnavailable(seconds)).ExecuteAsync(http);
        return true;
    }

    /// <summary>Retry-After for a 503: the deadline, rounded up — by then the database has been probed again.</summary>
    public static int RetryAfterSeconds(FeedbackOptions options) => Math.Max(1, (int)Math.Ceiling(options.Deadline.TotalSeconds));
}
