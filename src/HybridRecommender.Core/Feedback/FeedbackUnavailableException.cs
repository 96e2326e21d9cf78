namespace HybridRecommender.Core.Feedback;

/// <summary>
/// The feedback database could not answer within its deadline: unreachable, timed out, full, missing,
/// or still failing after the bounded retries. The API answers 503 with Retry-After. The message is a
/// fixed phrase (<see cref="Reason"/>) and never names the host, file or folder; the database's own
/// error is kept as <see cref="Exception.InnerException"/> for the operator's log.
/// </summary>
public sealed class FeedbackUnavailableException(string reason, Exception? inner = null)
    : Exception($"The feedback database is unavailable: {reason}.", inner)
{
    public const string TimedOut = "it did not answer within the deadline";
    public const string Unreachable = "it cannot be reached";
    public const string Failing = "it keeps failing";
    public const string Missing = "its file is missing";
    public const string Refusing = "it cannot store anything (full, or out of resources)";

    /// <summary>One of the constants above.</summary>
    public string Reason { get; } = reason;
}
