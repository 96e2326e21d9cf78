using HybridRecommender.Core.Model;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// <see cref="RatedMoviesPrior"/>s for measuring cold start honestly: the users are split into folds (user index mod the
/// number of folds) and user u's prior is fitted on the trained rows of every other fold, so the row a cold-start user's
/// profile replaces never shaped the prior they are given — as for a user who is really new. The API serves the prior
/// fitted on every trained user (<see cref="Bundle.ModelBundle.FoldInPrior"/>); same class, same λ and k.
/// </summary>
public sealed class CrossFittedPriors
{
    public const int DefaultFolds = 5;
    private readonly RatedMoviesPrior?[] _folds;

    private CrossFittedPriors(RatedMoviesPrior?[] folds) => _folds = folds;

    public int Folds => _folds.Length;

    /// <summary>The prior fitted without the fold of <paramref name="user"/>; null above <see cref="RatedMoviesPrior.MaxMovies"/> (no prior, as served).</summary>
    public RatedMoviesPrior? For(int user) => _folds[user % _folds.Length];

    public static CrossFittedPriors Fit(ImplicitFeedback train, RatingScorer scorer, int folds = DefaultFolds, double lambda = RatedMoviesPrior.DefaultLambda,
        int subsetSize = RatedMoviesPrior.DefaultSubsetSize, int threads = 1)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), $"Cross-fitting needs at least 2 folds; got {folds}.");
        if (!RatedMoviesPrior.Fits(train)) return new CrossFittedPriors(new RatedMoviesPrior?[folds]);
        return new CrossFittedPriors(Enumerable.Range(0, folds)
            .Select(f => (RatedMoviesPrior?)RatedMoviesPrior.Fit(train, scorer, lambda, subsetSize, threads, u => u % folds != f)).ToArray());
    }
}
