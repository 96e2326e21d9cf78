using HybridRecommender.Core.Model;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Model;

/// <summary>
/// Movies added after training (docs/MODEL.md, "Item fold-in"): the extended scorer scores an added row exactly as the
/// network would score it as a trained row; the hand-written ∂r̂/∂q; the fit on a hand-computed case; the relevance fit.
/// </summary>
public sealed class MovieFoldInTests
{
    public static TheoryData<string> Architectures => new() { "/5", "3/5", "6,4/5", "24/20", "24,8/20" };

    private static int[] Hidden(string arch)
    {
        var hidden = arch.Split('/')[0];
        return hidden.Length == 0 ? [] : hidden.Split(',').Select(int.Parse).ToArray();
    }

    private static HybridWeights Network(string arch, int seed, int movies, bool relevance = false) =>
        TinyNetwork.Create(Hidden(arch), seed, users: 4, movies: movies, genres: 4, dim: int.Parse(arch.Split('/')[1]), relevance: relevance);

    /// <summary>Row <paramref name="movie"/> of the network, as a <see cref="MovieRow"/>.</summary>
    private static MovieRow RowOf(HybridWeights net, int movie)
    {
        var s = net.Shape;
        return new MovieRow(net.MovieEmbedding.Weight.Value.Data.AsSpan(movie * s.Dim, s.Dim).ToArray(), net.MovieBias.Weight.Value.Data[movie],
            net.MovieGenres.Data.AsSpan(movie * s.Genres, s.Genres).ToArray(),
            net.RelevanceEmbedding is null ? [] : net.RelevanceEmbedding.Weight.Value.Data.AsSpan(movie * s.Dim, s.Dim).ToArray(),
            net.RelevanceBias is null ? 0f : net.RelevanceBias.Weight.Value.Data[movie]);
    }

    /// <summary>The first <paramref name="movies"/> movies of <paramref name="full"/> (every other tensor copied).</summary>
    private static HybridWeights Prefix(HybridWeights full, int movies)
    {
        var s = full.Shape;
        var net = new HybridWeights(s with { Movies = movies });
        var source = full.StateDict();
        foreach (var (name, t) in net.StateDict())
        {
            var from = source[name].Data;
            Array.Copy(from, t.Data, t.Length); // row-major: the first rows of a per-movie tensor are its prefix
        }
        return net;
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void An_added_row_is_scored_exactly_as_the_network_scores_the_same_row_when_trained(string arch)
    {
        var full = Network(arch, seed: 5, movies: 7, relevance: true);
        var whole = new RatingScorer(full, 1f, 5f);
        var trained = new RatingScorer(Prefix(full, 5), 1f, 5f);
        var extended = trained.WithAddedMovies([RowOf(full, 5), RowOf(full, 6)]);

        Assert.Equal(7, extended.MovieCount);
        Assert.Equal(5, extended.TrainedMovieCount);
        Assert.Equal(5, trained.MovieCount); // the trained scorer is unchanged
        var expected = new float[7];
        var actual = new float[7];
        for (var u = 0; u < 4; u++)
        {
            whole.RawScoreAll(u, expected);
            extended.RawScoreAll(u, actual);
            Assert.Equal(expected, actual);
            whole.RelevanceScoreAll(u, expected);
            extended.RelevanceScoreAll(u, actual);
            Assert.Equal(expected, actual);
        }
        for (var m = 0; m < 7; m++) Assert.Equal(whole.MovieVector(m).ToArray(), extended.MovieVector(m).ToArray());
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void The_movie_gradient_matches_central_finite_differences(string arch)
    {
        var net = Network(arch, seed: 11, movies: 5);
        var scorer = new RatingScorer(net, 1f, 5f);
        var dim = net.Shape.Dim;
        var rng = new Random(23);
        var users = Enumerable.Range(0, 6 * dim).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var biases = Enumerable.Range(0, 6).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var genres = RowOf(net, 3).Genres;
        const float bias = 0.2f;
        const double h = 1e-3;
        var checkedUnits = 0;
        // A movie vector whose hidden units sit away from their kinks for every user, so ±h stays on one linear piece.
        for (var attempt = 0; checkedUnits == 0; attempt++)
        {
            Assert.True(attempt < 200, "No movie vector away from the ReLU kinks.");
            var q = Enumerable.Range(0, dim).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            var scores = new float[6];
            var jacobian = new float[6 * dim];
            scorer.RawScoresOfMovie(q, bias, genres, users, biases, scores, jacobian);
            var fd = new double[6 * dim];
            var ok = true;
            for (var d = 0; d < dim && ok; d++)
            {
                var plus = (float[])q.Clone();
                var minus = (float[])q.Clone();
                plus[d] += (float)h;
                minus[d] -= (float)h;
                var up = new float[6];
                var down = new float[6];
                scorer.RawScoresOfMovie(plus, bias, genres, users, biases, up, default);
                scorer.RawScoresOfMovie(minus, bias, genres, users, biases, down, default);
                // Off one linear piece the one-sided slopes differ: try another q.
                var mid = new float[6];
                scorer.RawScoresOfMovie(q, bias, genres, users, biases, mid, default);
                for (var j = 0; j < 6; j++)
                {
                    var left = (mid[j] - down[j]) / h;
                    var right = (up[j] - mid[j]) / h;
                    if (Math.Abs(left - right) > 2e-2 * Math.Max(1, Math.Abs(left))) ok = false;
                    fd[j * dim + d] = (up[j] - down[j]) / (2 * h);
                }
            }
            if (!ok) continue;
            for (var k = 0; k < fd.Length; k++)
            {
                Assert.True(Math.Abs(fd[k] - jacobian[k]) <= 2e-3 * Math.Max(1, Math.Abs(fd[k])), $"user {k / dim}, q[{k % dim}]: finite difference {fd[k]}, analytic {jacobian[k]}");
                checkedUnits++;
            }
            // The value is the one scoring path's: a trained row scored through RawScoresOfMovie equals the scorer's own.
            var trainedRow = RowOf(net, 3);
            var viaRow = new float[6];
            scorer.RawScoresOfMovie(trainedRow.Embedding, trainedRow.Bias, trainedRow.Genres, users, biases, viaRow, default);
            for (var j = 0; j < 6; j++)
            {
                var one = new float[1];
                scorer.RawScores(users.AsSpan(j * dim, dim), biases[j], [3], one);
                Assert.Equal(one[0], viaRow[j]);
            }
        }
        Assert.Equal(6 * dim, checkedUnits);
    }

    // dim 1, no genres, hidden [1]: r̂ = 3 + b_u + b + p·q + ReLU(q + 0.2) (fc1 sees only q). One user, p = 1, b_u = 0.
    private static RatingScorer HandNetwork()
    {
        var net = new HybridWeights(new HybridNetworkShape(1, 1, 1, 1, [1]));
        TinyNetwork.Set(net, "global_bias", 3f);
        TinyNetwork.Set(net, "user_bias.weight", 0f);
        TinyNetwork.Set(net, "movie_bias.weight", 0f);
        TinyNetwork.Set(net, "user_embedding.weight", 1f);
        TinyNetwork.Set(net, "movie_embedding.weight", 0f);
        TinyNetwork.Set(net, "genre_projection.weight", 0f);
        TinyNetwork.Set(net, "fc1.weight", 0f, 1f, 0f); // [p, q, g]
        TinyNetwork.Set(net, "fc1.bias", 0.2f);
        TinyNetwork.Set(net, "out.weight", 1f);
        TinyNetwork.Set(net, "out.bias", 0f);
        net.SetMovieGenres([0b0]);
        return new RatingScorer(net, 1f, 5f);
    }

    // λ_q = λ_b = 1, prior 0: minimise (r̂ − r)² + q² + b².
    // r = 5: on the active piece (q > −0.2) r̂ = 3.2 + b + 2q; s = 1.8, a = (2, 1): x = a·s/(1 + ‖a‖²) = (2, 1)·1.8/6 → q = 0.6, b = 0.3.
    // r = 1: the active piece would give q = 2·(−2.2)/6 < −0.2, off it. Inactive piece r̂ = 3 + b + q, s = −2, a = (1, 1):
    //   x = (1, 1)·(−2)/3 → q = b = −0.66667 (q + 0.2 < 0: consistent).
    [Theory]
    [InlineData(5f, 0.6, 0.3)]
    [InlineData(1f, -2.0 / 3, -2.0 / 3)]
    public void A_hand_computed_case_including_a_step_across_the_kink(float rating, double q, double b)
    {
        var scorer = HandNetwork();
        var prior = new MovieRow([0f], 0f, [0f], [], 0f);
        var fit = new MovieFoldIn(scorer, new FoldInOptions(VectorPenalty: 1f, BiasPenalty: 1f)).Fit(prior, [1f], [0f], [rating], out var steps);
        // One exact step on one linear piece (a second may only shave float rounding); across the kink, up to three.
        Assert.InRange(steps, 1, rating == 5f ? 2 : 3);
        Assert.Equal(q, fit.Embedding[0], 1e-5);
        Assert.Equal(b, fit.Bias, 1e-5);
    }

    [Fact]
    public void No_ratings_return_the_prior_and_the_prior_is_not_modified()
    {
        var net = Network("3/5", seed: 2, movies: 5, relevance: true);
        var scorer = new RatingScorer(net, 1f, 5f);
        var prior = RowOf(net, 1);
        var copy = prior.Embedding.ToArray();
        var foldIn = new MovieFoldIn(scorer);
        var same = foldIn.Fit(prior, [], [], []);
        Assert.Equal(prior.Embedding, same.Embedding);
        Assert.Equal(prior.Bias, same.Bias);
        Assert.Equal(prior.Relevance, same.Relevance);
        var users = Enumerable.Repeat(0.5f, 5 * 2).ToArray();
        foldIn.Fit(prior, users, [0f, 0f], [5f, 4f]);
        Assert.Equal(copy, prior.Embedding);
    }

    [Fact]
    public void High_ratings_raise_the_prediction_and_the_choice_logit_for_the_raters_and_users_like_them()
    {
        var net = Network("6,4/5", seed: 4, movies: 6, relevance: true);
        var scorer = new RatingScorer(net, 1f, 5f);
        var rng = new Random(9);
        var direction = Enumerable.Range(0, 5).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        // Ten raters near one taste, and an eleventh like them who rated nothing.
        float[] Near() => direction.Select(v => v + (float)(rng.NextDouble() - 0.5) * 0.2f).ToArray();
        var users = Enumerable.Range(0, 10).SelectMany(_ => Near()).ToArray();
        var similar = Near();
        var prior = RowOf(net, 2);
        var fit = new MovieFoldIn(scorer).Fit(prior, users, new float[10], Enumerable.Repeat(5f, 10).ToArray());

        float Predict(MovieRow row)
        {
            var score = new float[1];
            scorer.RawScoresOfMovie(row.Embedding, row.Bias, row.Genres, similar, [0f], score, default);
            return score[0];
        }
        Assert.True(Predict(fit) > Predict(prior), $"{Predict(fit)} should be above {Predict(prior)}");
        double Logit(MovieRow row) => RatingScorer.FusedDot(similar, row.Relevance) + row.RelevanceBias;
        Assert.True(Logit(fit) > Logit(prior), $"{Logit(fit)} should be above {Logit(prior)}");
    }

    [Fact]
    public void The_relevance_fit_ends_where_the_gradient_of_its_objective_vanishes()
    {
        var net = Network("3/5", seed: 8, movies: 6, relevance: true);
        var scorer = new RatingScorer(net, 1f, 5f);
        var rng = new Random(3);
        var users = Enumerable.Range(0, 4 * 5).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var options = new FoldInOptions(VectorPenalty: 0.5f, BiasPenalty: 0.5f, MaxIterations: 50, Tolerance: 0f, RelevanceWeight: 2f);
        var prior = RowOf(net, 0);
        var fit = new MovieFoldIn(scorer, options).Fit(prior, users, new float[4], [5f, 3f, 4f, 1f]);

        var logZ = Enumerable.Range(0, 4).Select(u => scorer.TrainedLogPartition(users.AsSpan(u * 5, 5))).ToArray();
        var start = prior.Relevance.Select(v => (double)v).Append(prior.RelevanceBias).ToArray();
        var penalty = Enumerable.Repeat(0.5, 6).ToArray();
        double Objective(float[] v, float c) => MovieFoldIn.RelevanceObjective(v, c, users, logZ, start, penalty, 2.0);
        const float h = 1e-2f;
        for (var k = 0; k <= 5; k++)
        {
            var plus = fit.Relevance.ToArray();
            var minus = fit.Relevance.ToArray();
            var cPlus = fit.RelevanceBias;
            var cMinus = fit.RelevanceBias;
            if (k < 5) { plus[k] += h; minus[k] -= h; } else { cPlus += h; cMinus -= h; }
            var slope = (Objective(plus, cPlus) - Objective(minus, cMinus)) / (2 * h);
            Assert.True(Math.Abs(slope) < 1e-2, $"coordinate {k}: slope {slope} at the fitted point");
        }
        Assert.True(Objective(fit.Relevance, fit.RelevanceBias) < Objective(prior.Relevance, prior.RelevanceBias));
    }
}
