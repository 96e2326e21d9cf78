using HybridRecommender.Core.Feedback;

namespace HybridRecommender.Api.Feedback;

/// <summary>
/// Logs an outage of the feedback database as one warning when it begins and one line when it ends,
/// with how many calls failed in between — not one error with a stack trace per failed request.
/// </summary>
public sealed class FeedbackOutageLog(ILogger<FeedbackOutageLog> logger) : IDatabaseOutageObserver
{
    public void OutageStarted(FeedbackUnavailableException first) =>
        logger.LogWarning("Feedback database unavailable: {Reason} ({Cause}). Answering 503 until it is back; further failures are counted, not logged.",
            first.Reason, first.InnerException is { } inner ? $"{inner.GetType().Name}: {inner.Message}" : "no further detail");

    public void OutageEnded(TimeSpan duration, long failedCalls) =>
        logger.LogWarning("Feedback database available again after {Seconds:F1} s; {Failed} database call(s) failed during the outage.",
            duration.TotalSeconds, failedCalls);
}
