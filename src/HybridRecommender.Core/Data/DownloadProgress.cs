namespace HybridRecommender.Core.Data;

/// <summary>How much of a download has arrived. <see cref="TotalBytes"/> is null when the server gave no length.</summary>
public readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes)
{
    /// <summary>0–1, or null when the total is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 ? (double)BytesReceived / TotalBytes.Value : null;
}
