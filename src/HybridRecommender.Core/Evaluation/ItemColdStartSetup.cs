using HybridRecommender.Core.Data;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// One item cold-start scene (docs/EVALUATION.md, "Item cold start"): which movies are held out, the split a model of them is
/// trained on (every train and validation rating of theirs removed), the ratings such a model may know, and the two ranking
/// protocols: <see cref="NewOnly"/> ranks the held-out movies alone, <see cref="AllMovies"/> ranks the whole catalogue.
/// <see cref="ForTest"/> is the measured scene (new movies, test ratings); <see cref="ForTuning"/> the scene everything is
/// chosen on (pseudo-new movies, validation ratings, test never read).
/// </summary>
public sealed record ItemColdStartSetup(
    bool[] HeldOutMovies, RatingsSplit Split, IReadOnlyList<int> Known, ImplicitFeedback TrainPositives,
    RankingProtocol NewOnly, RankingProtocol AllMovies)
{
    public int HeldOutCount => HeldOutMovies.Count(x => x);

    /// <summary>
    /// New movies (u &lt; 0.10) held out; users = test users with a test rating ≥ 4 on one; candidates = the new movies they did not
    /// rate in train or validation; known = the held-out split's train and validation ratings.
    /// </summary>
    public static ItemColdStartSetup ForTest(MovieLensDataset data, RatingsSplit split, int k = RankingProtocol.DefaultK, float threshold = RankingProtocol.DefaultRelevanceThreshold)
    {
        var heldOut = NewMovies.Select(data, 0, NewMovies.NewBelow);
        var held = NewMovies.HoldOut(split, data.Ratings, heldOut);
        return Create(data, heldOut, held, split.Train.Concat(split.Validation).ToArray(), split.Test, held.Train.Concat(held.Validation).ToArray(), k, threshold);
    }

    /// <summary>
    /// Pseudo-new movies (0.10 ≤ u &lt; 0.20) held out; users = those with a validation rating ≥ 4 on one; candidates = the
    /// pseudo-new movies they did not rate in train; known = the held-out split's train ratings. Test is not read.
    /// </summary>
    public static ItemColdStartSetup ForTuning(MovieLensDataset data, RatingsSplit split, int k = RankingProtocol.DefaultK, float threshold = RankingProtocol.DefaultRelevanceThreshold)
    {
        var heldOut = NewMovies.Select(data, NewMovies.NewBelow, NewMovies.PseudoNewBelow);
        var held = NewMovies.HoldOut(split, data.Ratings, heldOut);
        return Create(data, heldOut, held, split.Train, split.Validation, held.Train, k, threshold);
    }

    private static ItemColdStartSetup Create(MovieLensDataset data, bool[] heldOut, RatingsSplit held, int[] seen, int[] rated, int[] known, int k, float threshold)
    {
        var (users, movies) = (data.Users.Count, data.Movies.Count);
        var ratings = data.Ratings;
        var newOnly = RankingProtocol.Create(ratings, seen, rated.Where(i => heldOut[ratings.MovieIndex[i]]), users, movies, k, threshold)
            .WithCandidates(m => heldOut[m]);
        var all = RankingProtocol.Create(ratings, seen, rated, users, movies, k, threshold);
        return new ItemColdStartSetup(heldOut, held, known, ImplicitFeedback.FromRatings(ratings, held.Train, users, movies), newOnly, all);
    }
}
