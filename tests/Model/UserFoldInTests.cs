using HybridRecommender.Core.Model;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Model;

/// <summary>Fold-in (docs/MODEL.md, "Fold-in"): the hand-written ∂r̂/∂p, the solver, and what Fit promises.</summary>
public sealed class UserFoldInTests
{
    public static TheoryData<string> Architectures => new() { "/5", "3/5", "6,4/5", "24/20", "24,8/20", "64/96" };

    private static int[] Hidden(string arch)
    {
        var hidden = arch.Split('/')[0];
        return hidden.Length == 0 ? [] : hidden.Split(',').Select(int.Parse).ToArray();
    }

    private static HybridWeights Network(string arch, int seed, int movies = 9, float scale = 1f)
    {
        var net = TinyNetwork.Create(Hidden(arch), seed, users: 3, movies: movies, genres: 4, dim: int.Parse(arch.Split('/')[1]));
        foreach (var p in net.Parameters().Where(p => p.Name != "global_bias"))
            for (var i = 0; i < p.Value.Length; i++) p.Value.Data[i] *= scale;
        return net;
    }

    /// <summary>
    /// r̂(p, b, movie) in double straight from the documented formula and the network's tensors,
    /// independent of RatingScorer; <paramref name="minAbsZ"/> is the closest hidden pre-activation to a kink.
    /// </summary>
    private static double Reference(HybridWeights net, double[] p, double b, int movie, out double minAbsZ)
    {
        var s = net.Shape;
        var w = TinyNetwork.Weights(net);
        var g = net.MovieGenres.Data.AsSpan(movie * s.Genres, s.Genres).ToArray().Select(v => (double)v).ToArray();
        var q = w["movie_embedding.weight"].AsSpan(movie * s.Dim, s.Dim).ToArray();
        var wg = w["genre_projection.weight"];
        double dot = 0;
        for (var i = 0; i < s.Dim; i++)
        {
            var e = q[i];
            for (var k = 0; k < s.Genres; k++) e += wg[i * s.Genres + k] * g[k];
            dot += p[i] * e;
        }
        var h = p.Concat(q).Concat(g).ToArray();
        minAbsZ = double.PositiveInfinity;
        for (var l = 0; l < s.Hidden.Count; l++)
        {
            var W = w[$"fc{l + 1}.weight"];
            var next = new double[s.Hidden[l]];
            for (var o = 0; o < next.Length; o++)
            {
                var z = w[$"fc{l + 1}.bias"][o];
                for (var i = 0; i < h.Length; i++) z += W[o * h.Length + i] * h[i];
                minAbsZ = Math.Min(minAbsZ, Math.Abs(z));
                next[o] = Math.Max(z, 0);
            }
            h = next;
        }
        var y = w["out.bias"][0];
        for (var i = 0; i < h.Length; i++) y += w["out.weight"][i] * h[i];
        return w["global_bias"][0] + b + w["movie_bias.weight"][movie] + dot + y;
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void The_gradient_matches_central_finite_differences(string arch)
    {
        var net = Network(arch, seed: 3);
        var scorer = new RatingScorer(net, 1f, 5f);
        var dim = net.Shape.Dim;
        var movies = Enumerable.Range(0, net.Shape.Movies).ToArray();
        const double h = 1e-4;
        var rng = new Random(17);
        // A user vector whose hidden units all sit well away from their kinks, so ±h stays on one linear piece.
        double[] p = [];
        for (var attempt = 0; ; attempt++)
        {
            Assert.True(attempt < 500, "No user vector away from the ReLU kinks.");
            p = Enumerable.Range(0, dim).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            var minAbsZ = movies.Min(m => { Reference(net, p, 0, m, out var z); return z; });
            if (minAbsZ > 0.02) break;
        }
        const float b = 0.3f;
        var pf = p.Select(v => (float)v).ToArray();
        var scores = new float[movies.Length];
        var jacobian = new float[movies.Length * dim];
        scorer.RawScoresAndGradients(pf, b, movies, scores, jacobian);

        var checkedUnits = 0;
        foreach (var m in movies)
        {
            // The value is RawScore's (the one scoring path), equal to the reference within float rounding.
            Assert.Equal(Reference(net, pf.Select(v => (double)v).ToArray(), b, m, out _), scores[m], 1e-3);
            for (var d = 0; d < dim; d++)
            {
                var plus = (double[])p.Clone();
                var minus = (double[])p.Clone();
                plus[d] += h;
                minus[d] -= h;
                var fd = (Reference(net, plus, b, m, out _) - Reference(net, minus, b, m, out _)) / (2 * h);
                var analytic = jacobian[m * dim + d];
                Assert.True(Math.Abs(fd - analytic) <= 1e-4 * Math.Max(1, Math.Abs(fd)),
                    $"movie {m}, p[{d}]: finite difference {fd}, analytic {analytic}");
                checkedUnits++;
            }
        }
        Assert.Equal(movies.Length * dim, checkedUnits);
        // The gradient is not trivially the dot-product part: with hidden layers it differs from e_i.
        if (net.Shape.Hidden.Count > 0)
            Assert.Contains(movies, m => Enumerable.Range(0, dim).Any(d => Math.Abs(jacobian[m * dim + d] - scorer.MovieVector(m)[d]) > 1e-3));
    }

    [Theory]
    [InlineData(3, 97)]
    [InlineData(20, 97)]
    [InlineData(97, 97)]
    [InlineData(150, 97)]
    [InlineData(4, 6)]
    public void Primal_and_dual_solves_agree_and_satisfy_the_normal_equations(int rows, int cols)
    {
        var rng = new Random(rows * 31 + cols);
        var dim = cols - 1;
        var j = Enumerable.Range(0, rows * dim).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var penalty = Enumerable.Range(0, cols).Select(_ => 0.1 + rng.NextDouble() * 3).ToArray();
        var g = Enumerable.Range(0, cols).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var primal = new double[cols];
        var dual = new double[cols];
        new RegularisedLeastSquares(rows, cols, dual: false).Solve(j, penalty, g, primal);
        new RegularisedLeastSquares(rows, cols, dual: true).Solve(j, penalty, g, dual);
        for (var c = 0; c < cols; c++) Assert.Equal(primal[c], dual[c], 1e-9);

        // (AᵀA + Λ) x = g with A = [J, 1], multiplied out directly.
        double A(int r, int c) => c == dim ? 1 : j[r * dim + c];
        for (var c = 0; c < cols; c++)
        {
            var lhs = penalty[c] * primal[c];
            for (var r = 0; r < rows; r++)
            {
                double ax = 0;
                for (var k = 0; k < cols; k++) ax += A(r, k) * primal[k];
                lhs += A(r, c) * ax;
            }
            Assert.Equal(g[c], lhs, 1e-8);
        }
    }

    [Theory]
    [InlineData(3, 7)]
    [InlineData(20, 97)]
    [InlineData(70, 41)]
    public void The_solve_with_curvature_satisfies_its_system(int rows, int cols)
    {
        // (AᵀA + Λ + c·C) x = g, A = [J, 1], C = BᵀB (positive semi-definite, on the p block), multiplied out directly.
        var rng = new Random(rows * 7 + cols);
        var dim = cols - 1;
        var j = Enumerable.Range(0, rows * dim).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var b = Enumerable.Range(0, dim * dim).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var curvature = new double[dim * dim];
        for (var r = 0; r < dim; r++)
            for (var c = 0; c < dim; c++)
                for (var k = 0; k < dim; k++) curvature[r * dim + c] += b[k * dim + r] * b[k * dim + c];
        const double scale = 0.7;
        var penalty = Enumerable.Range(0, cols).Select(_ => 0.1 + rng.NextDouble() * 3).ToArray();
        var g = Enumerable.Range(0, cols).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var x = new double[cols];
        new RegularisedLeastSquares(rows, cols, dual: false).SolveWithCurvature(j, penalty, curvature, scale, g, x);
        double A(int r, int c) => c == dim ? 1 : j[r * dim + c];
        for (var c = 0; c < cols; c++)
        {
            var lhs = penalty[c] * x[c];
            if (c < dim) for (var k = 0; k < dim; k++) lhs += scale * curvature[c * dim + k] * x[k];
            for (var r = 0; r < rows; r++)
            {
                double ax = 0;
                for (var k = 0; k < cols; k++) ax += A(r, k) * x[k];
                lhs += A(r, c) * ax;
            }
            Assert.Equal(g[c], lhs, 1e-5); // JᵀJ is summed in float (a Newton matrix): 1e-5, not 1e-8
        }
    }

    // dim 1, one genre-less movie, hidden [1]: r̂ = 3 + 0.5 + b + p·1 + ReLU(p + 0.2)·1.
    private static RatingScorer HandNetwork()
    {
        var net = new HybridWeights(new HybridNetworkShape(1, 1, 1, 1, [1]));
        TinyNetwork.Set(net, "global_bias", 3f);
        TinyNetwork.Set(net, "user_bias.weight", 0f);
        TinyNetwork.Set(net, "movie_bias.weight", 0.5f);
        TinyNetwork.Set(net, "user_embedding.weight", 0f);
        TinyNetwork.Set(net, "movie_embedding.weight", 1f);
        TinyNetwork.Set(net, "genre_projection.weight", 0f);
        TinyNetwork.Set(net, "fc1.weight", 1f, 0f, 0f); // [p, q, g]
        TinyNetwork.Set(net, "fc1.bias", 0.2f);
        TinyNetwork.Set(net, "out.weight", 1f);
        TinyNetwork.Set(net, "out.bias", 0f);
        net.SetMovieGenres([0b0]);
        return new RatingScorer(net, 1f, 5f);
    }

    // λ_p = λ_b = 1, prior 0. Minimise (r̂ − r)² + p² + b².
    // r = 5: on the active piece (p > −0.2) r̂ = 3.7 + b + 2p; with s = r − 3.7 = 1.3 and a = (2, 1)
    //   the ridge solution is x = a·s/(1 + ‖a‖²) = (2, 1)·1.3/6 → p = 0.43333, b = 0.21667 (p > −0.2: consistent).
    // r = 1: the active piece would give p = 2·(−2.7)/6 = −0.9 < −0.2, off the piece. On the inactive piece
    //   r̂ = 3.5 + b + p, s = −2.5, a = (1, 1): x = (1, 1)·(−2.5)/3 → p = b = −0.83333 (p + 0.2 < 0: consistent).
    //   Objective there 3·0.69444 = 2.0833, below the active piece's best (p = −0.2 kink: see the ridge line).
    [Theory]
    [InlineData(5f, 1.3 * 2 / 6, 1.3 / 6)]
    [InlineData(1f, -2.5 / 3, -2.5 / 3)]
    public void A_hand_computed_case_including_a_step_across_the_kink(float rating, double p, double b)
    {
        var fit = new UserFoldIn(HandNetwork(), new FoldInOptions(VectorPenalty: 1f, BiasPenalty: 1f)).Fit([0], [rating], null, out var steps);
        // One exact step on one linear piece; across the kink, one step onto the other piece and one to its optimum.
        Assert.InRange(steps, 1, rating == 5f ? 1 : 3);
        Assert.Equal(p, fit.Vector[0], 1e-5);
        Assert.Equal(b, fit.Bias, 1e-5);
    }

    [Fact]
    public void The_hand_computed_optimum_is_the_global_one_on_a_fine_grid()
    {
        // r = 1 crosses the kink: check no point of a grid beats the claimed optimum.
        double Objective(double p, double b)
        {
            var r = 3.5 + b + p + Math.Max(p + 0.2, 0);
            return (r - 1) * (r - 1) + p * p + b * b;
        }
        var best = Objective(-2.5 / 3, -2.5 / 3);
        for (var p = -3.0; p <= 3; p += 0.01)
            for (var b = -3.0; b <= 3; b += 0.01)
                Assert.True(Objective(p, b) >= best - 1e-9, $"({p}, {b}) beats the hand-computed optimum");
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Refitting_a_users_own_ratings_from_their_profile_does_not_worsen_their_error(string arch)
    {
        var net = Network(arch, seed: 8, movies: 40, scale: 0.3f);
        var scorer = new RatingScorer(net, 1f, 5f);
        var rng = new Random(4);
        var movies = Enumerable.Range(0, 40).OrderBy(_ => rng.Next()).Take(25).ToArray();
        var ratings = movies.Select(_ => (float)rng.Next(1, 6)).ToArray();
        var defaults = new UserFoldIn(scorer);
        var weak = new UserFoldIn(scorer, new FoldInOptions(VectorPenalty: 0.1f, BiasPenalty: 0.1f));
        for (var u = 0; u < net.Shape.Users; u++)
        {
            var trained = scorer.TrainedProfile(u);
            var before = SquaredError(scorer, trained, movies, ratings);
            var after = SquaredError(scorer, defaults.Fit(movies, ratings, trained), movies, ratings);
            Assert.True(after < before, $"user {u}, default penalties: squared error {before} → {after}");
            var afterWeak = SquaredError(scorer, weak.Fit(movies, ratings, trained), movies, ratings);
            // A weaker prior lets the ratings pull further (and the fit does real work, not a no-op).
            Assert.True(afterWeak <= after && afterWeak < 0.9 * before, $"user {u}, weak penalties: squared error {before} → {afterWeak}");
        }
    }

    [Fact]
    public void With_many_consistent_ratings_the_fit_recovers_a_planted_user()
    {
        const int movies = 400;
        var net = Network("24/20", seed: 21, movies: movies, scale: 0.3f);
        var scorer = new RatingScorer(net, -100f, 100f);
        var rng = new Random(5);
        var planted = new UserProfile(Enumerable.Range(0, 20).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray(), 0.7f);
        var all = Enumerable.Range(0, movies).ToArray();
        var ratings = all.Select(m => scorer.Predict(planted, m)).ToArray();
        // A weak prior (towards zero) against 400 exact ratings.
        var fit = new UserFoldIn(scorer, new FoldInOptions(VectorPenalty: 1e-4f, BiasPenalty: 1e-4f, MaxIterations: 30)).Fit(all, ratings);
        for (var d = 0; d < 20; d++) Assert.Equal(planted.Vector[d], fit.Vector[d], 2e-3);
        Assert.Equal(planted.Bias, fit.Bias, 2e-3);
        Assert.True(SquaredError(scorer, fit, all, ratings) < 1e-6);
    }

    [Fact]
    public void A_trained_users_new_ratings_move_their_vector_towards_them()
    {
        var net = Network("64/96", seed: 2, movies: 30, scale: 0.3f);
        var scorer = new RatingScorer(net, 1f, 5f);
        var trained = scorer.TrainedProfile(1);
        var before = scorer.Predict(trained, 7);
        var target = before < 3 ? 5f : 1f;
        var moved = new UserFoldIn(scorer).Fit([7], [target], trained);
        var after = scorer.Predict(moved, 7);
        Assert.True(Math.Abs(after - target) < Math.Abs(before - target), $"{before} → {after}, rating {target}");
        // The prior is held: one rating moves the vector, not to somewhere arbitrary.
        Assert.True(Distance(moved.Vector, trained.Vector) < Distance(trained.Vector, new float[96]));
    }

    [Fact]
    public void No_ratings_return_the_prior_or_zero()
    {
        var scorer = new RatingScorer(Network("24/20", seed: 1), 1f, 5f);
        var foldIn = new UserFoldIn(scorer);
        var prior = scorer.TrainedProfile(2);
        var fit = foldIn.Fit([], [], prior);
        Assert.Equal(prior.Vector, fit.Vector);
        Assert.Equal(prior.Bias, fit.Bias);
        Assert.NotSame(prior.Vector, fit.Vector);
        var fresh = foldIn.Fit([], []);
        Assert.Equal(new float[20], fresh.Vector);
        Assert.Equal(0f, fresh.Bias);
    }

    [Fact]
    public void Fit_does_not_modify_the_prior()
    {
        var scorer = new RatingScorer(Network("24/20", seed: 1), 1f, 5f);
        var prior = scorer.TrainedProfile(0);
        var copy = (float[])prior.Vector.Clone();
        new UserFoldIn(scorer).Fit([1, 2, 3], [5f, 1f, 4f], prior);
        Assert.Equal(copy, prior.Vector);
    }

    [Fact]
    public void Invalid_input_is_a_clear_argument_exception()
    {
        var scorer = new RatingScorer(Network("24/20", seed: 1), 1f, 5f);
        var foldIn = new UserFoldIn(scorer);
        Assert.Contains("same length", Assert.Throws<ArgumentException>(() => foldIn.Fit([1, 2], [3f])).Message);
        Assert.Contains("0 to 8", Assert.Throws<ArgumentException>(() => foldIn.Fit([1, 9], [3f, 4f])).Message);
        Assert.Contains("movieIndices[0] = -1", Assert.Throws<ArgumentException>(() => foldIn.Fit([-1], [3f])).Message);
        Assert.Contains("rating scale", Assert.Throws<ArgumentException>(() => foldIn.Fit([1], [float.NaN])).Message);
        Assert.Contains("rating scale", Assert.Throws<ArgumentException>(() => foldIn.Fit([1], [float.PositiveInfinity])).Message);
        Assert.Contains("rating scale", Assert.Throws<ArgumentException>(() => foldIn.Fit([1], [5.5f])).Message);
        Assert.Contains("dimension 20", Assert.Throws<ArgumentException>(() => foldIn.Fit([1], [3f], new UserProfile(new float[5], 0f))).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => foldIn.Fit([1], [3f], new UserProfile(new float[20], float.NaN))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new UserFoldIn(scorer, new FoldInOptions(VectorPenalty: 0f)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UserFoldIn(scorer, new FoldInOptions(BiasPenalty: float.NaN)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UserFoldIn(scorer, new FoldInOptions(MaxIterations: 0)));
    }

    private static double SquaredError(RatingScorer scorer, UserProfile profile, int[] movies, float[] ratings)
    {
        var raw = new float[scorer.MovieCount];
        scorer.RawScoreAll(profile, raw);
        return movies.Select((m, j) => Math.Pow(raw[m] - ratings[j], 2)).Sum();
    }

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => Math.Pow(x - y, 2)).Sum());
}
