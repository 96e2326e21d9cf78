namespace HybridRecommender.Core.Versions;

/// <summary>One stored, immutable model version (its bundle is read separately: <see cref="IModelVersionStore.BundleAsync"/>).</summary>
/// <param name="Version">Version number: 1, 2, … in the order they were stored.</param>
/// <param name="CreatedAt">When it was stored.</param>
/// <param name="Sha256">SHA-256 of the stored bundle archive (hex); a replica checks it before loading.</param>
/// <param name="Bytes">Size of the bundle archive.</param>
/// <param name="PromotedAt">When it first became current; null if it never did.</param>
/// <param name="Info">What it was trained from and its gate figures.</param>
public sealed record ModelVersion(int Version, DateTimeOffset CreatedAt, string Sha256, long Bytes, DateTimeOffset? PromotedAt, ModelVersionInfo Info);

/// <summary>The version every replica should serve.</summary>
/// <param name="Version">The stored version; null: none, replicas serve their configured folder (Model:Path, the committed model/).</param>
/// <param name="Sha256">Its bundle's SHA-256; null with <paramref name="Version"/>.</param>
/// <param name="ChangedAt">When it became current.</param>
public sealed record CurrentVersion(int? Version, string? Sha256, DateTimeOffset ChangedAt);

/// <summary>One worker tick or retrain run, whatever its outcome.</summary>
/// <param name="StartedAt">When the run started.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Outcome"><see cref="RetrainOutcomes"/>: promoted, kept (the gate refused the candidate), failed.</param>
/// <param name="Version">The version it stored; null when nothing was stored.</param>
/// <param name="Detail">Why, with the figures.</param>
public sealed record RetrainRecord(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string Outcome, int? Version, string Detail);

public static class RetrainOutcomes
{
    public const string Promoted = "promoted";
    public const string Kept = "kept";
    public const string Failed = "failed";
}

/// <summary>Who holds the worker lease, until when.</summary>
public sealed record LeaseHolder(string Owner, DateTimeOffset Until);
