using HybridRecommender.Core.Data;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// Not a ranker — a ceiling for the item cold-start rows (docs/EVALUATION.md, "Item cold start"): every movie scored by how many
/// ratings it has in the whole data set, the held-out ratings included, the same for every user. No model of a new movie can
/// know that; content can only guess it. What a perfect guess of a new movie's popularity would reach, and nothing more
/// personal, says how much of the protocol's NDCG is "which new movies get watched at all".
/// </summary>
public static class HindsightPopularity
{
    public const string Name = "hindsight popularity (a ceiling: knows every rating, not a ranker)";

    public static MovieScores Of(MovieLensDataset data)
    {
        var counts = new float[data.Movies.Count];
        foreach (var m in data.Ratings.MovieIndex) counts[m]++;
        return (_, scores) => counts.CopyTo(scores);
    }
}
