namespace HybridRecommender.Core.Versions;

/// <summary>
/// Model versions in the feedback database, beside (never inside) the feedback tables: immutable bundles with their metadata,
/// which one is current, the worker lease and the log of retraining runs. Every replica reaches it with the connection it
/// already has. Every call goes through <see cref="Feedback.DatabaseCalls"/> (deadline, retries, 503 on an outage).
/// </summary>
public interface IModelVersionStore : IAsyncDisposable
{
    string Description { get; }

    /// <summary>Creates or upgrades the version tables (their own migrations, <see cref="ModelVersionSchema"/>).</summary>
    Task InitialiseAsync(CancellationToken ct = default);

    /// <summary>The version replicas should serve; null when none was ever made current (serve the configured folder).</summary>
    Task<CurrentVersion?> CurrentAsync(CancellationToken ct = default);

    /// <summary>Every version, newest first, without bundles.</summary>
    Task<IReadOnlyList<ModelVersion>> ListAsync(CancellationToken ct = default);

    Task<ModelVersion?> FindAsync(int version, CancellationToken ct = default);

    /// <summary>The version's bundle archive (<see cref="ModelBundleArchive"/>).</summary>
    Task<byte[]> BundleAsync(int version, CancellationToken ct = default);

    /// <summary>Takes the worker lease for <paramref name="ttl"/> if it is free, expired or already <paramref name="owner"/>'s; else returns who holds it.</summary>
    Task<LeaseHolder?> TryAcquireLeaseAsync(string owner, TimeSpan ttl, CancellationToken ct = default);

    /// <summary>Extends <paramref name="owner"/>'s lease; false when it has expired or another worker took it.</summary>
    Task<bool> RenewLeaseAsync(string owner, TimeSpan ttl, CancellationToken ct = default);

    Task ReleaseLeaseAsync(string owner, CancellationToken ct = default);

    /// <summary>
    /// Stores a new version and, when <paramref name="makeCurrent"/>, makes it current, and logs the run — one transaction, and only
    /// while <paramref name="owner"/> holds an unexpired lease (else <see cref="LeaseLostException"/> and nothing is written).
    /// A crash before the commit leaves nothing; after it, everything.
    /// </summary>
    Task<int> PublishAsync(string owner, byte[] bundle, ModelVersionInfo info, bool makeCurrent, DateTimeOffset startedAt, CancellationToken ct = default);

    /// <summary>Logs a run that stored nothing (it failed).</summary>
    Task RecordRetrainAsync(RetrainRecord record, CancellationToken ct = default);

    /// <summary>The latest run, whatever its outcome; null before the first.</summary>
    Task<RetrainRecord?> LastRetrainAsync(CancellationToken ct = default);

    /// <summary>Makes a stored version current (by hand, past the gate).</summary>
    Task PromoteAsync(int version, CancellationToken ct = default);

    /// <summary>
    /// Makes current the newest version older than the current one that was ever current, or none (the configured folder)
    /// when there is no such version. Returns what became current.
    /// </summary>
    Task<int?> RollbackAsync(CancellationToken ct = default);
}

/// <summary>The worker's lease expired or was taken before it could publish: nothing was written.</summary>
public sealed class LeaseLostException(string message) : Exception(message);
