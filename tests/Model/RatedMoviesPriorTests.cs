using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Model;

/// <summary>
/// The fold-in prior from the rated movies (docs/MODEL.md, "Fold-in prior"): the closed-form subset moments, the ridge fit
/// against a reference that enumerates every subset, hand-computed cases, and how new users are folded in with it.
/// </summary>
public sealed class RatedMoviesPriorTests
{
    private static IEnumerable<int[]> Subsets(int[] items, int k)
    {
        if (k == 0) { yield return []; yield break; }
        for (var i = 0; i <= items.Length - k; i++)
            foreach (var rest in Subsets(items[(i + 1)..], k - 1))
                yield return [items[i], .. rest];
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(5, 3)]
    [InlineData(6, 1)]
    [InlineData(3, 3)]
    [InlineData(3, 10)] // fewer movies than k: all of them
    public void Subset_moments_equal_the_average_over_every_subset(int movies, int k)
    {
        var items = Enumerable.Range(0, movies).ToArray();
        var subsets = Subsets(items, Math.Min(k, movies)).ToArray();
        double diagonal = 0, offDiagonal = 0;
        foreach (var s in subsets)
        {
            var x = 1.0 / s.Length;
            if (s.Contains(0)) diagonal += x * x;
            if (s.Contains(0) && s.Contains(1)) offDiagonal += x * x;
        }
        var (a, c) = RatedMoviesPrior.SubsetMoments(movies, k);
        Assert.Equal(diagonal / subsets.Length, a, 12);
        Assert.Equal(offDiagonal / subsets.Length, c, 12);
    }

    [Fact]
    public void Hand_computed_one_user_one_movie()
    {
        // G = 1/(1·1) = 1, R = y, so z = y / (1 + λ): with λ = 1, half the user's row.
        var train = ImplicitFeedback.FromLists([[2]], movies: 3);
        var prior = RatedMoviesPrior.Fit(train, _ => new UserProfile([4f, -2f], 6f), dim: 2, lambda: 1, subsetSize: 10);
        Assert.Equal([2f, -1f, 3f], prior.Row(2).ToArray());
        Assert.Equal([0f, 0f, 0f], prior.Row(0).ToArray());
        var p = prior.For([0, 2])!; // movie 0 has no row: left out of the mean
        Assert.Equal([2f, -1f], p.Vector);
        Assert.Equal(3f, p.Bias);
        Assert.Null(prior.For([0, 1])); // no movie with a row: the zero prior
        Assert.Null(prior.For([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => prior.For([3]));
    }

    [Theory]
    [InlineData(2, 0.05)]
    [InlineData(3, 0.3)]
    [InlineData(10, 0.01)]
    public void The_fit_equals_the_ridge_solution_over_every_subset(int k, double lambda)
    {
        var lists = new[] { new[] { 0, 1, 2, 4 }, [1, 3], [0, 2, 3, 4, 5], [5], [1, 2, 5], [0, 4] };
        var rng = new Random(3);
        const int dim = 2;
        var profiles = lists.Select(_ => new UserProfile([(float)(rng.NextDouble() * 2 - 1), (float)(rng.NextDouble() * 2 - 1)], (float)rng.NextDouble())).ToArray();
        var train = ImplicitFeedback.FromLists(lists, movies: 7); // movie 6: nobody
        var prior = RatedMoviesPrior.Fit(train, u => profiles[u], dim, lambda, k, threads: 2);

        // Reference: the normal equations of Σ_u mean_S ‖x̄_S Z − y_u‖² + λ‖Z‖² built by enumerating every subset, solved by
        // Gaussian elimination in double.
        const int n = 6, width = dim + 1;
        var g = new double[n, n];
        var r = new double[n, width];
        for (var u = 0; u < lists.Length; u++)
        {
            var subsets = Subsets(lists[u], Math.Min(k, lists[u].Length)).ToArray();
            double[] y = [profiles[u].Vector[0], profiles[u].Vector[1], profiles[u].Bias];
            foreach (var s in subsets)
            {
                var x = 1.0 / s.Length / subsets.Length;
                foreach (var i in s)
                {
                    foreach (var j in s) g[i, j] += x / s.Length;
                    for (var c = 0; c < width; c++) r[i, c] += x * y[c];
                }
            }
        }
        for (var i = 0; i < n; i++) g[i, i] += lambda;
        for (var p = 0; p < n; p++)
            for (var i = p + 1; i < n; i++)
            {
                var f = g[i, p] / g[p, p];
                for (var j = p; j < n; j++) g[i, j] -= f * g[p, j];
                for (var c = 0; c < width; c++) r[i, c] -= f * r[p, c];
            }
        var z = new double[n, width];
        for (var i = n - 1; i >= 0; i--)
            for (var c = 0; c < width; c++)
            {
                var v = r[i, c];
                for (var j = i + 1; j < n; j++) v -= g[i, j] * z[j, c];
                z[i, c] = v / g[i, i];
            }

        for (var i = 0; i < n; i++)
            for (var c = 0; c < width; c++)
                Assert.Equal(z[i, c], prior.Row(i)[c], 5);
        Assert.Equal(new float[width], prior.Row(6).ToArray());
    }

    [Fact]
    public void Users_left_out_of_the_fit_do_not_shape_it()
    {
        var lists = new[] { new[] { 0, 1 }, [1, 2], [0, 2], [0, 1, 2] };
        var a = new[] { new UserProfile([1f], 0f), new UserProfile([2f], 1f), new UserProfile([-1f], 2f), new UserProfile([0.5f], 0f) };
        var b = a.ToArray();
        b[1] = new UserProfile([40f], -9f);
        var train = ImplicitFeedback.FromLists(lists, movies: 3);
        var withA = RatedMoviesPrior.Fit(train, u => a[u], 1, 0.1, 2, includeUser: u => u != 1);
        var withB = RatedMoviesPrior.Fit(train, u => b[u], 1, 0.1, 2, includeUser: u => u != 1);
        var all = RatedMoviesPrior.Fit(train, u => b[u], 1, 0.1, 2);
        for (var m = 0; m < 3; m++)
        {
            Assert.Equal(withA.Row(m).ToArray(), withB.Row(m).ToArray());
            Assert.NotEqual(withA.Row(m).ToArray(), all.Row(m).ToArray());
        }
    }

    [Fact]
    public void Cross_fitted_priors_never_see_the_users_own_row()
    {
        var net = TinyNetwork.Create([3], seed: 5, users: 6, movies: 5, genres: 3, dim: 3);
        var lists = new[] { new[] { 0, 1, 2 }, [1, 3], [0, 2, 4], [2, 3, 4], [0, 1, 4], [1, 2, 3] };
        var train = ImplicitFeedback.FromLists(lists, movies: 5);
        var before = CrossFittedPriors.Fit(train, new RatingScorer(net, 1f, 5f), folds: 2, lambda: 0.1, subsetSize: 2);
        // Scramble user 2's row: only the prior of the other fold (odd users) moves.
        var data = net.UserEmbedding.Weight.Value.Data;
        for (var d = 0; d < 3; d++) data[2 * 3 + d] += 7f;
        var after = CrossFittedPriors.Fit(train, new RatingScorer(net, 1f, 5f), folds: 2, lambda: 0.1, subsetSize: 2);
        Assert.Equal(before.For(2)!.Row(4).ToArray(), after.For(2)!.Row(4).ToArray());
        Assert.Equal(before.For(0)!.Row(4).ToArray(), after.For(0)!.Row(4).ToArray());
        Assert.NotEqual(before.For(1)!.Row(4).ToArray(), after.For(1)!.Row(4).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => CrossFittedPriors.Fit(train, new RatingScorer(net, 1f, 5f), folds: 1));
    }

    [Fact]
    public void A_new_user_is_the_plain_fit_its_vector_moved_towards_the_prior_by_a_share_that_falls_with_their_ratings()
    {
        var net = TinyNetwork.Create([3], seed: 2, users: 4, movies: 5, genres: 3, dim: 3);
        var scorer = new RatingScorer(net, 1f, 5f);
        var foldIn = new UserFoldIn(scorer);
        var train = ImplicitFeedback.FromLists([[0, 1, 2], [1, 3], [0, 3], [2, 3]], movies: 5); // movie 4: no row
        var prior = RatedMoviesPrior.Fit(train, scorer, lambda: 0.1, subsetSize: 2);
        int[] movies = [1, 2];
        float[] stars = [5f, 2f];
        var plain = foldIn.Fit(movies, stars);
        var expected = prior.For(movies)!;

        // A prior worth 6 ratings against 2: t = 6 / (6 + 2) = 0.75.
        var profile = new NewUserFoldIn(foldIn, prior, 6f).Fit(movies, stars);
        for (var d = 0; d < 3; d++) Assert.Equal(0.25f * plain.Vector[d] + 0.75f * expected.Vector[d], profile.Vector[d], 6);
        Assert.NotEqual(plain.Bias, expected.Bias);
        Assert.Equal(plain.Bias, profile.Bias); // the bias stays the fit's: it cannot reorder a list, and it is fitted to the stars

        // t(n) = k0 / (k0 + n): ½ at n = k0, falling as ratings come in; 0 with no prior weight.
        Assert.Equal(0.5f, NewUserFoldIn.Share(5f, 5));
        Assert.Equal(1f / 3f, NewUserFoldIn.Share(5f, 10), 6);
        Assert.Equal(0.2f, NewUserFoldIn.Share(5f, 20), 6);
        Assert.Equal(0f, NewUserFoldIn.Share(0f, 0));
        var withTwo = new NewUserFoldIn(foldIn, prior, 2f).Fit(movies, stars);
        for (var d = 0; d < 3; d++) Assert.Equal(0.5f * plain.Vector[d] + 0.5f * expected.Vector[d], withTwo.Vector[d], 6);

        Assert.Equal(plain.Vector, new NewUserFoldIn(foldIn, prior, 0f).Fit(movies, stars).Vector);
        Assert.Equal(plain.Vector, new NewUserFoldIn(foldIn, null).Fit(movies, stars).Vector);
        Assert.Equal(foldIn.Fit([4], [3f]).Vector, new NewUserFoldIn(foldIn, prior).Fit([4], [3f]).Vector); // no movie with a row: nothing to move to
        Assert.Throws<ArgumentOutOfRangeException>(() => new NewUserFoldIn(foldIn, prior, -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NewUserFoldIn(foldIn, prior, float.PositiveInfinity));
        var other = RatedMoviesPrior.Fit(ImplicitFeedback.FromLists([[0]], movies: 6), _ => new UserProfile([1f, 1f, 1f], 0f), 3);
        Assert.Throws<ArgumentException>(() => new NewUserFoldIn(foldIn, other));
    }
}
