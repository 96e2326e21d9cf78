using HybridRecommender.Core.Data;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// Which movies item cold start treats as new (docs/EVALUATION.md, "Item cold start"): a movie with at least one rating whose
/// u = unit_value(0, movieId, SplitMix64(7)) — docs/MODEL.md's split hash with user id 0 — falls in a band. New movies:
/// u &lt; 0.10 (measured once, on test); pseudo-new movies: 0.10 ≤ u &lt; 0.20 (the only ones anything is tuned on).
/// </summary>
public static class NewMovies
{
    public const int HashSeed = 7;
    public const double NewBelow = 0.10;
    public const double PseudoNewBelow = 0.20;

    /// <summary>u of a movie id: <see cref="RatingsSplit.UnitValue"/> with user id 0 and salt SplitMix64(7).</summary>
    public static double UnitValue(int movieId) => RatingsSplit.UnitValue(0, movieId, RatingsSplit.SplitMix64(HashSeed));

    /// <summary>Per movie index: whether the movie has a rating and <paramref name="from"/> ≤ u &lt; <paramref name="below"/>.</summary>
    public static bool[] Select(MovieLensDataset data, double from, double below)
    {
        var rated = new bool[data.Movies.Count];
        for (var i = 0; i < data.Ratings.Count; i++) rated[data.Ratings.MovieIndex[i]] = true;
        return Enumerable.Range(0, rated.Length).Select(m =>
        {
            var u = UnitValue(data.MovieIds.IdAt(m));
            return rated[m] && u >= from && u < below;
        }).ToArray();
    }

    /// <summary>The split with every train and validation rating of the movies <paramref name="heldOut"/> marks taken out (test unchanged).</summary>
    public static RatingsSplit HoldOut(RatingsSplit split, RatingTable ratings, bool[] heldOut) =>
        split.Without(i => heldOut[ratings.MovieIndex[i]]);
}
