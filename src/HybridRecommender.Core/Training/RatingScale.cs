using HybridRecommender.Core.Data;

namespace HybridRecommender.Core.Training;

/// <summary>The scale predictions are clamped to: 1–5 stars for ML-1M, 0.5–5 for the CSV layout.</summary>
public static class RatingScale
{
    public static (float Min, float Max) Of(MovieLensDataset data) =>
        data.Layout == DatasetLayout.MovieLens1M ? (1f, 5f) : (0.5f, 5f);
}
