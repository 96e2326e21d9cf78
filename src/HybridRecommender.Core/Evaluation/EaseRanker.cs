using System.Diagnostics;
using System.Numerics.Tensors;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// EASE^R (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): the item–item weight
/// matrix B minimising ‖X − XB‖² + λ‖B‖² subject to diag(B) = 0, in closed form:
/// P = (XᵀX + λI)⁻¹, B = I − P·diag(1/diag(P)), i.e. B[i, j] = −P[i, j] / P[j, j] off the diagonal, 0 on it.
/// A user's scores are X_u·B: the sum of B's rows of the movies in the user's input row. X is binary
/// (every training rating is a positive). Movies with no positive are not items and score −∞, so they
/// are never recommended. A ranker only: it predicts no rating. Immutable; scoring is thread-safe.
/// </summary>
public sealed class EaseRanker
{
    private readonly float[] _weights; // items × movies: row of item i is B[i, ·] placed at movie indices, 0 at non-items
    private readonly int[] _itemOfMovie;
    private readonly int[] _nonItems;
    private readonly ImplicitFeedback _input;

    private EaseRanker(float[] weights, int[] itemOfMovie, ImplicitFeedback input, double lambda, double fitSeconds)
    {
        _weights = weights;
        _itemOfMovie = itemOfMovie;
        _nonItems = Enumerable.Range(0, itemOfMovie.Length).Where(m => itemOfMovie[m] < 0).ToArray();
        _input = input;
        Lambda = lambda;
        FitSeconds = fitSeconds;
    }

    public double Lambda { get; }
    /// <summary>Wall time of the inverse and of B (the Gram matrix excluded: it is shared across λ).</summary>
    public double FitSeconds { get; }
    public int Movies => _itemOfMovie.Length;
    public int Items => _weights.Length / Movies;

    /// <summary>B[i, j] by movie index (0 when either is not an item).</summary>
    public float Weight(int movieFrom, int movieTo)
    {
        var i = _itemOfMovie[movieFrom];
        return i < 0 ? 0 : _weights[(long)i * Movies + movieTo];
    }

    /// <summary>
    /// Most items (movies with a positive) EASE^R is fitted for, in training's blend and in evaluate. Its dense items × items
    /// Gram matrix, the copy it inverts and the inverse take 3 × 8·n² bytes (1.6 GB at 8,192; 184 GB at ML-32M's 87,585)
    /// and the inverse n³/3 multiply-adds; above this the item–item term is skipped, and both commands say so.
    /// </summary>
    public const int MaxItems = 8_192;

    /// <summary>Whether EASE^R is fitted for <paramref name="feedback"/> (its movies with a positive ≤ <paramref name="maxItems"/>).</summary>
    public static bool Fits(ImplicitFeedback feedback, int maxItems = MaxItems) => Enumerable.Range(0, feedback.Movies).Count(m => feedback.CountOf(m) > 0) <= maxItems;

    public static EaseRanker Fit(ImplicitFeedback feedback, double lambda, int threads) => Fit(EaseGram.Of(feedback, threads), lambda, threads);

    public static EaseRanker Fit(EaseGram gram, double lambda, int threads)
    {
        if (!(lambda > 0) || !double.IsFinite(lambda)) throw new ArgumentOutOfRangeException(nameof(lambda), $"λ must be positive and finite; got {lambda}.");
        var watch = Stopwatch.StartNew();
        var n = gram.Items;
        var a = gram.Upper.ToArray();
        for (var i = 0; i < n; i++) a[(long)i * n + i] += lambda;
        var p = CholeskyInverse.Invert(a, n, threads);
        var movies = gram.Feedback.Movies;
        var weights = new float[(long)n * movies];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var row = (long)i * movies;
            for (var j = 0; j < n; j++)
                if (j != i) weights[row + gram.MovieOfItem[j]] = (float)(-p[(long)i * n + j] / p[(long)j * n + j]);
        });
        return new EaseRanker(weights, gram.ItemOfMovie.ToArray(), gram.Feedback, lambda, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Scores of every movie index for the input row <paramref name="movies"/> (the user's positives).</summary>
    public void Score(ReadOnlySpan<int> movies, Span<float> scores)
    {
        if (scores.Length != Movies) throw new ArgumentException($"Expected {Movies} scores; got {scores.Length}.", nameof(scores));
        scores.Clear();
        foreach (var m in movies)
        {
            var i = _itemOfMovie[m];
            if (i >= 0) TensorPrimitives.Add(scores, new ReadOnlySpan<float>(_weights, i * Movies, Movies), scores);
        }
        foreach (var m in _nonItems) scores[m] = float.NegativeInfinity;
    }

    /// <summary>X_u·B with X_u the user's row of the data EASE was fitted on; a <see cref="MovieScores"/>.</summary>
    public void ScoreUser(int user, Span<float> scores) => Score(_input.MoviesOf(user), scores);
}
