using HybridRecommender.Core.Model;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Model;

/// <summary>Fold-in with the relevance head's likelihood (docs/MODEL.md, "Fold-in"): gradient, Hessian, descent, and no change without the head.</summary>
public sealed class UserFoldInRelevanceTests
{
    private const int Movies = 30;
    private const int Dim = 6;

    private static HybridWeights Network(int seed, bool relevance = true) =>
        TinyNetwork.Create([5], seed, users: 3, movies: Movies, genres: 3, dim: Dim, relevance: relevance);

    /// <summary>L(p) = Σ_j [log Σ_i exp s_i − s_{i_j}] in double, straight from the network's tensors.</summary>
    private static double ReferenceLikelihood(HybridWeights net, double[] p, int[] chosen)
    {
        var s = net.Shape;
        var r = net.RelevanceEmbedding!.Weight.Value.Data;
        var c = net.RelevanceBias!.Weight.Value.Data;
        var logits = new double[s.Movies];
        for (var m = 0; m < s.Movies; m++)
        {
            double dot = c[m];
            for (var d = 0; d < s.Dim; d++) dot += p[d] * (double)r[m * s.Dim + d];
            logits[m] = dot;
        }
        var max = logits.Max();
        var logZ = max + Math.Log(logits.Sum(x => Math.Exp(x - max)));
        return chosen.Sum(i => logZ - logits[i]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Likelihood_gradient_and_hessian_match_central_finite_differences(int seed)
    {
        var net = Network(seed);
        var scorer = new RatingScorer(net, 1f, 5f);
        var rng = new Random(seed);
        var p = Enumerable.Range(0, Dim).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        int[] chosen = [3, 17, 17, 25, 0];
        var pf = p.Select(v => (float)v).ToArray();
        var gradient = new double[Dim];
        var hessian = new double[Dim * Dim];
        var value = scorer.RelevanceNegativeLogLikelihood(pf, chosen, gradient, hessian);
        Assert.Equal(ReferenceLikelihood(net, pf.Select(v => (double)v).ToArray(), chosen), value, 1e-4);

        const double h = 1e-4;
        for (var d = 0; d < Dim; d++)
        {
            var plus = (double[])p.Clone();
            var minus = (double[])p.Clone();
            plus[d] += h;
            minus[d] -= h;
            var fd = (ReferenceLikelihood(net, plus, chosen) - ReferenceLikelihood(net, minus, chosen)) / (2 * h);
            Assert.True(Math.Abs(fd - gradient[d]) <= 1e-3 * Math.Max(1, Math.Abs(fd)), $"∂L/∂p[{d}]: finite difference {fd}, analytic {gradient[d]}");
        }
        Assert.Contains(gradient, g => Math.Abs(g) > 0.05); // not trivially zero

        // Hessian: central differences of the (float-evaluated) analytic gradient, step large enough for float.
        const float hf = 1e-2f;
        var gPlus = new double[Dim];
        var gMinus = new double[Dim];
        for (var d = 0; d < Dim; d++)
        {
            var plus = (float[])pf.Clone();
            var minus = (float[])pf.Clone();
            plus[d] += hf;
            minus[d] -= hf;
            scorer.RelevanceNegativeLogLikelihood(plus, chosen, gPlus, default);
            scorer.RelevanceNegativeLogLikelihood(minus, chosen, gMinus, default);
            for (var e = 0; e < Dim; e++)
            {
                var fd = (gPlus[e] - gMinus[e]) / (plus[d] - minus[d]);
                Assert.True(Math.Abs(fd - hessian[e * Dim + d]) <= 2e-3 * Math.Max(1, Math.Abs(fd)), $"∂²L/∂p[{e}]∂p[{d}]: finite difference {fd}, analytic {hessian[e * Dim + d]}");
            }
        }
        // Convex: the Hessian is positive semi-definite (xᵀHx ≥ 0 for random x).
        for (var t = 0; t < 20; t++)
        {
            var x = Enumerable.Range(0, Dim).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            double q = 0;
            for (var a = 0; a < Dim; a++) for (var b = 0; b < Dim; b++) q += x[a] * hessian[a * Dim + b] * x[b];
            Assert.True(q >= -1e-9, $"xᵀHx = {q}");
        }
    }

    [Theory]
    [InlineData(4, 0.3f)]
    [InlineData(5, 1f)]
    [InlineData(6, 3f)]
    public void The_combined_objective_never_increases_and_the_term_does_work(int seed, float weight)
    {
        var net = Network(seed);
        var scorer = new RatingScorer(net, 1f, 5f);
        var rng = new Random(seed);
        var movies = Enumerable.Range(0, Movies).OrderBy(_ => rng.Next()).Take(8).ToArray();
        var ratings = movies.Select(_ => (float)rng.Next(1, 6)).ToArray();
        foreach (var prior in new[] { null, scorer.TrainedProfile(1) })
        foreach (var exact in new[] { false, true }) // held Hessian (default) and a fresh one every step
        {
            var options = new FoldInOptions(VectorPenalty: 1f, BiasPenalty: 3f, RelevanceWeight: weight, Tolerance: 0f);
            var start = prior ?? new UserProfile(new float[Dim], 0f);
            var previous = new UserFoldIn(scorer, options).CombinedObjective(movies, ratings, start, prior);
            // Fits capped at t iterations are prefixes of one deterministic trajectory: F + α_f L along it.
            for (var t = 1; t <= 10; t++)
            {
                var foldIn = new UserFoldIn(scorer, options with { MaxIterations = t }) { ExactCurvatureEveryStep = exact };
                Assert.True(foldIn.UsesRelevance);
                var value = foldIn.CombinedObjective(movies, ratings, foldIn.Fit(movies, ratings, prior), prior);
                Assert.True(value <= previous, $"step {t}: {previous} → {value}");
                previous = value;
            }
            // Against the ratings-only fit: the relevance-aware fit has the lower likelihood loss of the rated movies.
            var withTerm = new UserFoldIn(scorer, options).Fit(movies, ratings, prior);
            var without = new UserFoldIn(scorer, options with { RelevanceWeight = 0f }).Fit(movies, ratings, prior);
            var lWith = scorer.RelevanceNegativeLogLikelihood(withTerm.Vector, movies, new double[Dim], default);
            var lWithout = scorer.RelevanceNegativeLogLikelihood(without.Vector, movies, new double[Dim], default);
            Assert.True(lWith < lWithout - 1e-3, $"likelihood loss {lWithout} (ratings only) vs {lWith} (with α_f = {weight})");
        }
    }

    /// <summary>∇L and ∇²L in double straight from the formula: k μ − Σ_j v_{i_j}, k (Σ π_i v_i v_iᵀ − μμᵀ).</summary>
    private static (double[] Gradient, double[] Hessian) ReferenceDerivatives(HybridWeights net, float[] p, int[] chosen)
    {
        var s = net.Shape;
        var r = net.RelevanceEmbedding!.Weight.Value.Data;
        var c = net.RelevanceBias!.Weight.Value.Data;
        var v = new double[s.Movies, s.Dim];
        var logits = new double[s.Movies];
        for (var m = 0; m < s.Movies; m++)
        {
            logits[m] = c[m];
            for (var d = 0; d < s.Dim; d++)
            {
                v[m, d] = r[m * s.Dim + d];
                logits[m] += p[d] * v[m, d];
            }
        }
        var max = logits.Max();
        var z = logits.Sum(x => Math.Exp(x - max));
        var mu = new double[s.Dim];
        var second = new double[s.Dim * s.Dim];
        for (var m = 0; m < s.Movies; m++)
        {
            var pi = Math.Exp(logits[m] - max) / z;
            for (var a = 0; a < s.Dim; a++)
            {
                mu[a] += pi * v[m, a];
                for (var b = 0; b < s.Dim; b++) second[a * s.Dim + b] += pi * v[m, a] * v[m, b];
            }
        }
        var n = chosen.Length;
        var gradient = mu.Select(x => n * x).ToArray();
        foreach (var i in chosen) for (var d = 0; d < s.Dim; d++) gradient[d] -= v[i, d];
        var hessian = new double[s.Dim * s.Dim];
        for (var a = 0; a < s.Dim; a++) for (var b = 0; b < s.Dim; b++) hessian[a * s.Dim + b] = n * (second[a * s.Dim + b] - mu[a] * mu[b]);
        return (gradient, hessian);
    }

    [Theory]
    [InlineData(40, 150)]
    [InlineData(96, 200)]
    public void Gradient_and_hessian_match_a_double_reference_at_model_like_sizes(int dim, int movies)
    {
        // Dimensions and catalogue sizes where the SIMD tiles and several 64-movie chunks are used (the 6-dim tests above run the scalar path).
        var net = TinyNetwork.Create([5], seed: dim, users: 2, movies: movies, genres: 3, dim: dim, relevance: true);
        var scorer = new RatingScorer(net, 1f, 5f);
        var rng = new Random(dim);
        var p = Enumerable.Range(0, dim).Select(_ => (float)((rng.NextDouble() * 2 - 1) * 0.3)).ToArray();
        int[] chosen = [0, 7, 7, movies - 1, movies / 2];
        var gradient = new double[dim];
        var hessian = new double[dim * dim];
        scorer.RelevanceNegativeLogLikelihood(p, chosen, gradient, hessian);
        var (refGradient, refHessian) = ReferenceDerivatives(net, p, chosen);
        var gScale = refGradient.Max(Math.Abs);
        var hScale = refHessian.Max(Math.Abs);
        for (var a = 0; a < dim; a++)
        {
            Assert.True(Math.Abs(gradient[a] - refGradient[a]) <= 1e-5 * gScale, $"∇L[{a}]: {gradient[a]} vs {refGradient[a]}");
            for (var b = 0; b < dim; b++)
                Assert.True(Math.Abs(hessian[a * dim + b] - refHessian[a * dim + b]) <= 1e-5 * hScale,
                    $"∇²L[{a},{b}]: {hessian[a * dim + b]} vs {refHessian[a * dim + b]}");
        }
    }

    [Fact]
    public void The_cached_population_moment_gives_the_hessian_at_zero_bitwise()
    {
        var net = TinyNetwork.Create([5], seed: 11, users: 2, movies: 100, genres: 3, dim: 24, relevance: true);
        var scorer = new RatingScorer(net, 1f, 5f);
        int[] chosen = [3, 50, 99];
        using var likelihood = new RatingScorer.RelevanceLikelihood(scorer);
        likelihood.Evaluate(new float[24], chosen);
        var computed = new double[24 * 24];
        var cached = new double[24 * 24];
        likelihood.Hessian(chosen.Length, computed);
        likelihood.Hessian(chosen.Length, cached, scorer.PopulationSecondMoment);
        Assert.Equal(computed, cached);
        Assert.Contains(computed, h => Math.Abs(h) > 1e-3);
        Assert.Null(new RatingScorer(Network(1, relevance: false), 1f, 5f).PopulationSecondMoment);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void Holding_the_hessian_reaches_the_exact_newton_minimiser_with_fewer_hessians(int seed)
    {
        // No hidden layer: F + α_f L is strictly convex in (p, b), one minimiser, which damped Newton with a fresh
        // Hessian every step finds; the held-Hessian fit must find the same point.
        var net = TinyNetwork.Create([], seed, users: 3, movies: 120, genres: 3, dim: 20, relevance: true);
        var scorer = new RatingScorer(net, -100f, 100f);
        var rng = new Random(seed);
        var movies = Enumerable.Range(0, 120).OrderBy(_ => rng.Next()).Take(15).ToArray();
        var ratings = movies.Select(_ => (float)rng.Next(1, 6)).ToArray();
        var options = new FoldInOptions(VectorPenalty: 0.5f, BiasPenalty: 0.5f, RelevanceWeight: 1f, MaxIterations: 40, Tolerance: 0f);
        foreach (var prior in new[] { null, scorer.TrainedProfile(2) })
        {
            var exact = new UserFoldIn(scorer, options) { ExactCurvatureEveryStep = true }.Fit(movies, ratings, prior, out var exactSteps, out var exactHessians);
            var held = new UserFoldIn(scorer, options).Fit(movies, ratings, prior, out _, out var heldHessians);
            for (var d = 0; d < 20; d++) Assert.Equal(exact.Vector[d], held.Vector[d], 2e-3);
            Assert.Equal(exact.Bias, held.Bias, 2e-3);
            Assert.True(exactHessians >= exactSteps); // one per iteration, the last (no decrease) included
            Assert.True(heldHessians < exactHessians, $"held {heldHessians} Hessians, exact {exactHessians}");
        }
    }

    [Fact]
    public void The_fit_reaches_a_stationary_point_of_the_combined_objective()
    {
        // No hidden layer: r̂ is linear in (p, b), so F + α_f L is convex and its minimiser has zero gradient.
        var net = TinyNetwork.Create([], seed: 9, users: 3, movies: Movies, genres: 3, dim: Dim, relevance: true);
        var scorer = new RatingScorer(net, -100f, 100f);
        int[] movies = [1, 4, 9, 16, 25];
        float[] ratings = [5f, 1f, 4f, 2f, 3f];
        var foldIn = new UserFoldIn(scorer, new FoldInOptions(VectorPenalty: 0.5f, BiasPenalty: 0.5f, RelevanceWeight: 2f, MaxIterations: 30, Tolerance: 0f));
        var fit = foldIn.Fit(movies, ratings);
        const float h = 1e-3f;
        for (var d = 0; d <= Dim; d++)
        {
            UserProfile Shift(float by) => d < Dim
                ? new UserProfile(fit.Vector.Select((v, i) => i == d ? v + by : v).ToArray(), fit.Bias)
                : new UserProfile(fit.Vector, fit.Bias + by);
            var fd = (foldIn.CombinedObjective(movies, ratings, Shift(h), null) - foldIn.CombinedObjective(movies, ratings, Shift(-h), null)) / (2 * h);
            Assert.True(Math.Abs(fd) < 2e-2, $"coordinate {d}: ∂(F + α_f L) ≈ {fd} at the fit");
        }
    }

    [Fact]
    public void Without_the_relevance_head_the_weight_changes_nothing()
    {
        var scorer = new RatingScorer(Network(7, relevance: false), 1f, 5f);
        Assert.False(scorer.HasRelevanceHead);
        int[] movies = [2, 5, 11, 20];
        float[] ratings = [4f, 2f, 5f, 1f];
        foreach (var prior in new[] { null, scorer.TrainedProfile(0) })
        {
            var plain = new UserFoldIn(scorer, new FoldInOptions(VectorPenalty: 1f, BiasPenalty: 3f)).Fit(movies, ratings, prior);
            var weighted = new UserFoldIn(scorer, new FoldInOptions(VectorPenalty: 1f, BiasPenalty: 3f, RelevanceWeight: 5f));
            Assert.False(weighted.UsesRelevance);
            var fit = weighted.Fit(movies, ratings, prior);
            Assert.Equal(plain.Vector, fit.Vector); // bitwise
            Assert.Equal(plain.Bias, fit.Bias);
        }
    }

    [Fact]
    public void A_negative_or_non_finite_weight_is_rejected()
    {
        var scorer = new RatingScorer(Network(1), 1f, 5f);
        Assert.Contains("RelevanceWeight", Assert.Throws<ArgumentOutOfRangeException>(() => new UserFoldIn(scorer, new FoldInOptions(RelevanceWeight: -1f))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new UserFoldIn(scorer, new FoldInOptions(RelevanceWeight: float.NaN)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UserFoldIn(scorer, new FoldInOptions(RelevanceWeight: float.PositiveInfinity)));
    }
}
