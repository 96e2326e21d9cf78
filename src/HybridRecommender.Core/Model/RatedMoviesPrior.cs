using System.Numerics.Tensors;
using HybridRecommender.Core.Evaluation;

namespace HybridRecommender.Core.Model;

/// <summary>
/// The fold-in prior of a user with no trained row, built from the movies they rated: (p0, b0) = the mean of a learned
/// vector z_i (dim + 1 wide: the p part, then the bias) over those movies. Z is a ridge regression of the trained users'
/// rows on their rated sets, fitted so that the mean over a random <c>k</c> of a user's train movies predicts their row:
///
///   Z = argmin Σ_u E_S ‖x̄_S Z − y_u‖² + λ‖Z‖²,   y_u = (p_u, b_u),  x̄_S = the 0/1 row of S divided by |S|,
///
/// S a uniformly random k-subset of u's n_u train movies (all of them when n_u ≤ k). The expectation has a closed form, so no
/// sampling: E[x̄_Sᵀx̄_S] = a_u·diag(x_u) + c_u·(x_uᵀx_u − diag(x_u)) with a_u = 1/(k n_u), c_u = (k−1)/(k n_u (n_u−1)), and
/// E[x̄_S]ᵀy_u = x_uᵀy_u / n_u; so Z = (G + λI)⁻¹ R, G = Σ_u that expectation, R = Σ_u x_uᵀy_u / n_u, over the movies with a
/// train positive (the others get no row and are left out of the mean). docs/MODEL.md, "Fold-in prior". Immutable; thread-safe.
/// </summary>
public sealed class RatedMoviesPrior
{
    private readonly float[] _rows;    // movies × width, row-major; zero for a movie with no row
    private readonly bool[] _hasRow;

    private RatedMoviesPrior(float[] rows, bool[] hasRow, int dim, double lambda, int subsetSize, double fitSeconds)
    {
        FitSeconds = fitSeconds;
        _rows = rows;
        _hasRow = hasRow;
        Dim = dim;
        Lambda = lambda;
        SubsetSize = subsetSize;
    }

    /// <summary>The model's embedding width d (a row is d + 1 wide: z_i's p part, then its bias).</summary>
    public int Dim { get; }
    public int Movies => _hasRow.Length;
    /// <summary>λ of the ridge.</summary>
    public double Lambda { get; }
    /// <summary>Wall-clock seconds the fit took (Gram, inverse, Z).</summary>
    public double FitSeconds { get; }
    /// <summary>k: the size of the random subsets of train movies the mean was fitted to predict from.</summary>
    public int SubsetSize { get; }

    /// <summary>Ridge λ chosen on validation's cold-start protocol (docs/MODEL.md, "Fold-in prior").</summary>
    public const double DefaultLambda = 0.003;
    /// <summary>k of the fit: the middle of the cold-start protocol's 5, 10, 20 (docs/MODEL.md, "Fold-in prior").</summary>
    public const int DefaultSubsetSize = 5;

    /// <summary>
    /// Most movies with a train positive the prior is fitted over: its Gram matrix is n² doubles (0.8 GB at this size, 61 GB
    /// at ML-32M's 87,585 movies), so above it there is no prior and new users get the plain fit — as the item–item term,
    /// whose B is the same size, stops at <see cref="ServedRanking.ItemItemMovieLimit"/> (docs/MODEL.md, "Fold-in prior").
    /// </summary>
    public const int MaxMovies = 10_000;

    /// <summary>Whether the prior can be fitted on <paramref name="train"/> (at most <see cref="MaxMovies"/> movies with a train positive).</summary>
    public static bool Fits(ImplicitFeedback train) => EaseRanker.Fits(train, MaxMovies);

    /// <summary>z_i (p part, then bias) of a movie; all zero for a movie with no train positive.</summary>
    public ReadOnlySpan<float> Row(int movie) => new(_rows, movie * (Dim + 1), Dim + 1);

    /// <summary>
    /// The prior for a user who rated <paramref name="movies"/> (movie indices): the mean of their rows, or null (the zero
    /// prior) when none of them has a row.
    /// </summary>
    public UserProfile? For(ReadOnlySpan<int> movies)
    {
        var width = Dim + 1;
        var sum = new float[width];
        var count = 0;
        foreach (var m in movies)
        {
            if ((uint)m >= (uint)_hasRow.Length)
                throw new ArgumentOutOfRangeException(nameof(movies), $"Movie index {m} is not a movie of the model (valid: 0 to {_hasRow.Length - 1}).");
            if (!_hasRow[m]) continue;
            TensorPrimitives.Add(sum, Row(m), sum);
            count++;
        }
        if (count == 0) return null;
        TensorPrimitives.Divide(sum, count, sum);
        return new UserProfile(sum.AsSpan(0, Dim).ToArray(), sum[Dim]);
    }

    /// <summary>Fits Z to the trained rows of <paramref name="scorer"/> (see the other overload).</summary>
    public static RatedMoviesPrior Fit(ImplicitFeedback train, RatingScorer scorer, double lambda = DefaultLambda, int subsetSize = DefaultSubsetSize,
        int threads = 1, Func<int, bool>? includeUser = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (train.Users != scorer.UserCount || train.Movies != scorer.MovieCount)
            throw new ArgumentException($"The train matrix is {train.Users} users × {train.Movies} movies; the model has {scorer.UserCount} × {scorer.MovieCount}.", nameof(train));
        return Fit(train, scorer.TrainedProfile, scorer.Shape.Dim, lambda, subsetSize, threads, includeUser);
    }

    /// <summary>
    /// Fits Z on the users of <paramref name="train"/> (those <paramref name="includeUser"/> accepts, all when null) with at
    /// least one train movie, their targets from <paramref name="profileOf"/> (the trained rows).
    /// </summary>
    public static RatedMoviesPrior Fit(ImplicitFeedback train, Func<int, UserProfile> profileOf, int dim, double lambda = DefaultLambda,
        int subsetSize = DefaultSubsetSize, int threads = 1, Func<int, bool>? includeUser = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(profileOf);
        if (dim < 1) throw new ArgumentOutOfRangeException(nameof(dim), $"dim must be at least 1; got {dim}.");
        if (!(lambda > 0) || !double.IsFinite(lambda)) throw new ArgumentOutOfRangeException(nameof(lambda), $"λ must be a positive finite number; got {lambda}.");
        if (subsetSize < 1) throw new ArgumentOutOfRangeException(nameof(subsetSize), $"k must be at least 1; got {subsetSize}.");
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), $"threads must be at least 1; got {threads}.");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var users = Enumerable.Range(0, train.Users).Where(u => train.MoviesOf(u).Length > 0 && (includeUser?.Invoke(u) ?? true)).ToArray();
        // Items: the movies some included user rated in train (a movie nobody rated has an all-zero column and no row).
        var itemOfMovie = new int[train.Movies];
        Array.Fill(itemOfMovie, -1);
        var movieOfItem = new List<int>();
        foreach (var u in users)
            foreach (var m in train.MoviesOf(u))
                if (itemOfMovie[m] < 0) { itemOfMovie[m] = 0; }
        for (var m = 0; m < train.Movies; m++)
            if (itemOfMovie[m] == 0) { itemOfMovie[m] = movieOfItem.Count; movieOfItem.Add(m); }
        var n = movieOfItem.Count;
        var width = dim + 1;
        var rows = new float[train.Movies * width];
        var hasRow = new bool[train.Movies];
        if (n == 0) return new RatedMoviesPrior(rows, hasRow, dim, lambda, subsetSize, clock.Elapsed.TotalSeconds);

        // G (upper triangle) and R. Each thread owns the G rows a ≡ t (mod threads), so no two threads write one entry.
        var gram = new double[(long)n * n];
        var rhs = new double[n * width];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var items = new List<int>();
            foreach (var u in users)
            {
                var movies = train.MoviesOf(u);
                var (diagonal, offDiagonal) = SubsetMoments(movies.Length, subsetSize);
                items.Clear();
                foreach (var m in movies) items.Add(itemOfMovie[m]); // ascending, as the movies are
                for (var x = 0; x < items.Count; x++)
                {
                    var a = items[x];
                    if (a % threads != t) continue;
                    var row = (long)a * n;
                    gram[row + a] += diagonal;
                    for (var y = x + 1; y < items.Count; y++) gram[row + items[y]] += offDiagonal;
                }
            }
        });
        foreach (var u in users)
        {
            var movies = train.MoviesOf(u);
            var profile = profileOf(u);
            if (profile.Vector.Length != dim) throw new ArgumentException($"User {u}'s profile has width {profile.Vector.Length}; expected {dim}.", nameof(profileOf));
            var share = 1.0 / movies.Length;
            foreach (var m in movies)
            {
                var target = rhs.AsSpan(itemOfMovie[m] * width, width);
                for (var d = 0; d < dim; d++) target[d] += share * profile.Vector[d];
                target[dim] += share * profile.Bias;
            }
        }
        for (var a = 0; a < n; a++) gram[(long)a * n + a] += lambda;

        var inverse = CholeskyInverse.Invert(gram, n, threads);
        gram = null!; // 8n² bytes: let it go before Z is built
        var solution = new double[n * width];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads }, a =>
        {
            var target = solution.AsSpan(a * width, width);
            var row = inverse.AsSpan(a * n, n);
            for (var b = 0; b < n; b++)
                if (row[b] != 0) TensorPrimitives.MultiplyAdd(rhs.AsSpan(b * width, width), row[b], target, target);
        });
        for (var a = 0; a < n; a++)
        {
            var m = movieOfItem[a];
            hasRow[m] = true;
            for (var c = 0; c < width; c++) rows[m * width + c] = (float)solution[a * width + c];
        }
        return new RatedMoviesPrior(rows, hasRow, dim, lambda, subsetSize, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// For a user with <paramref name="movies"/> train movies and subsets of size <paramref name="subsetSize"/> (all of them
    /// when there are fewer): E[x̄_S,i²] for a rated movie i (a_u) and E[x̄_S,i x̄_S,j] for two rated movies i ≠ j (c_u).
    /// </summary>
    internal static (double Diagonal, double OffDiagonal) SubsetMoments(int movies, int subsetSize)
    {
        var k = Math.Min(subsetSize, movies);
        var diagonal = 1.0 / ((double)k * movies);
        var offDiagonal = movies < 2 ? 0 : (k - 1.0) / ((double)k * movies * (movies - 1.0));
        return (diagonal, offDiagonal);
    }
}
