namespace HybridRecommender.Core.Feedback;

/// <summary>How <see cref="DatabaseCalls"/> bounds a database call.</summary>
public sealed record DatabaseCallOptions
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(5);

    /// <summary>The whole call, retries included, ends within this; then the caller gets <see cref="FeedbackUnavailableException"/>.</summary>
    public TimeSpan Deadline { get; init; } = DefaultDeadline;

    /// <summary>Retries of a <see cref="DatabaseFault.Conflict"/> or <see cref="DatabaseFault.Connection"/> error after the first attempt.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First retry delay; doubled per retry, with jitter so that writers that collided do not collide again.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>While the database is known to be down, calls fail at once for this long before one is let through to probe it.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Creating or migrating the schema before the server listens: the first connection and DDL on a busy
    /// server can take longer than a request may wait, and no request waits on them.
    /// </summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public IDatabaseOutageObserver? Observer { get; init; }
}
