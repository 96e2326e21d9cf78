namespace HybridRecommender.Core.Feedback;

/// <summary>What a database error means to <see cref="DatabaseCalls"/>: whether to retry it and whether it says the database is down.</summary>
public enum DatabaseFault
{
    /// <summary>Not a database condition (a bug, bad arguments): passed on unchanged.</summary>
    None,

    /// <summary>Lost a race with another writer (deadlock, serialization failure, busy lock): retried at once with jitter; the database is fine.</summary>
    Conflict,

    /// <summary>The connection failed or dropped: retried, and counted towards an outage.</summary>
    Connection,

    /// <summary>The database cannot serve (disk full, file missing, out of resources): not retried, counted towards an outage.</summary>
    Unavailable,
}
