using HybridRecommender.Core.Model;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// Users scored through profiles fitted by fold-in instead of their trained rows: the fold-in
/// counterpart of the bundle's scorer, as a predictor (clamped) and as <see cref="MovieScores"/>
/// (unclamped, like the hybrid's ranking).
/// </summary>
public sealed class FoldedInUsers(RatingScorer scorer, IReadOnlyDictionary<int, UserProfile> profiles) : IRatingPredictor
{
    public float Predict(int user, int movie) => scorer.Predict(profiles[user], movie);

    public void RawScoreAll(int user, Span<float> scores) => scorer.RawScoreAll(profiles[user], scores);
}
