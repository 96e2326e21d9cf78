namespace HybridRecommender.Core.Model;

/// <summary>
/// Settings of <see cref="UserFoldIn"/>. <paramref name="VectorPenalty"/> is λ_p on ‖p − p0‖²,
/// <paramref name="BiasPenalty"/> is λ_b on (b − b0)², both relative to the sum of squared errors
/// (not the mean). <paramref name="RelevanceWeight"/> is α_f on the relevance head's negative log-likelihood of
/// the rated movies (used only when the model has the relevance head; 0 = ratings only). Defaults were tuned on the validation split of ML-1M (docs/MODEL.md, "Fold-in").
/// </summary>
public sealed record FoldInOptions(
    float VectorPenalty = 10f,
    float BiasPenalty = 30f,
    int MaxIterations = 10,
    float Tolerance = 1e-4f,
    float RelevanceWeight = 2f)
{
    public static FoldInOptions Default { get; } = new();
}
