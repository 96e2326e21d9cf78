namespace HybridRecommender.Core.Feedback;

/// <summary>
/// Told when an outage window of the feedback database opens (the first failed call after a
/// success) and when it closes (the next successful call), so an outage is logged as two lines rather
/// than one per failed request.
/// </summary>
public interface IDatabaseOutageObserver
{
    void OutageStarted(FeedbackUnavailableException first);

    void OutageEnded(TimeSpan duration, long failedCalls);
}
