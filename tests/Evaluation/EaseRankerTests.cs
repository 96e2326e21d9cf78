using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Evaluation;

public class EaseRankerTests
{
    // Movies 0, 2, 3 have positives; movie 1 has none. Users: {0, 2}, {2, 3}, {0, 2, 3}.
    // Items (0, 2, 3): G = XᵀX = [[2, 2, 1], [2, 3, 2], [1, 2, 2]]; λ = 1: G + I = [[3, 2, 1], [2, 4, 2], [1, 2, 3]],
    // det 16, P = (G + I)⁻¹ = [[.5, −.25, 0], [−.25, .5, −.25], [0, −.25, .5]],
    // B[i, j] = −P[i, j] / P[j, j]: B(0→2) = .5, B(0→3) = 0, B(2→0) = .5, B(2→3) = .5, B(3→0) = 0, B(3→2) = .5.
    private static readonly ImplicitFeedback Tiny = ImplicitFeedback.FromLists([[0, 2], [2, 3], [0, 2, 3]], movies: 4);

    [Fact]
    public void Gram_matrix_counts_users_having_both_items()
    {
        var gram = EaseGram.Of(Tiny, threads: 2);
        Assert.Equal([0, 2, 3], gram.MovieOfItem);
        Assert.Equal([0, -1, 1, 2], gram.ItemOfMovie);
        double[,] expected = { { 2, 2, 1 }, { 2, 3, 2 }, { 1, 2, 2 } };
        for (var a = 0; a < 3; a++)
            for (var b = 0; b < 3; b++) Assert.Equal(expected[a, b], gram[a, b]);
    }

    [Fact]
    public void Weights_equal_the_hand_computed_closed_form()
    {
        var ease = EaseRanker.Fit(Tiny, lambda: 1, threads: 1);
        float[,] expected = { { 0, 0, 0.5f, 0 }, { 0, 0, 0, 0 }, { 0.5f, 0, 0, 0.5f }, { 0, 0, 0.5f, 0 } };
        for (var i = 0; i < 4; i++)
            for (var j = 0; j < 4; j++) Assert.Equal(expected[i, j], ease.Weight(i, j), 6);
        Assert.Equal(3, ease.Items);
    }

    [Fact]
    public void Scores_are_the_sum_of_the_input_movies_rows_and_minus_infinity_for_movies_without_positives()
    {
        var ease = EaseRanker.Fit(Tiny, lambda: 1, threads: 1);
        var scores = new float[4];

        ease.Score([3], scores);
        Assert.Equal([0f, float.NegativeInfinity, 0.5f, 0f], scores);
        ease.ScoreUser(0, scores); // movies 0 and 2: rows (0, −, .5, 0) + (.5, −, 0, .5)
        Assert.Equal([0.5f, float.NegativeInfinity, 0.5f, 0.5f], scores);
    }

    [Fact]
    public void Weights_satisfy_the_constrained_optimum_on_random_data()
    {
        // Steck's closed form: (G + λI)(I − B) is diagonal (the Lagrange multipliers of diag(B) = 0) and diag(B) = 0.
        var random = new Random(11);
        const int movies = 150;
        var lists = Enumerable.Range(0, 400).Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, movies).Where(_ => random.NextDouble() < 0.12).ToArray()).ToArray();
        var feedback = ImplicitFeedback.FromLists(lists, movies);
        var gram = EaseGram.Of(feedback, threads: 2);
        const double lambda = 30;
        var ease = EaseRanker.Fit(gram, lambda, threads: 2);
        var n = gram.Items;
        var movieOf = gram.MovieOfItem;
        var worst = 0.0;
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(0f, ease.Weight(movieOf[i], movieOf[i]));
            for (var j = 0; j < n; j++)
            {
                if (i == j) continue;
                // Σ_k (G + λI)[i, k] · (δ_kj − B[k, j])
                double s = 0;
                for (var k = 0; k < n; k++)
                    s += (gram[i, k] + (i == k ? lambda : 0)) * ((k == j ? 1 : 0) - ease.Weight(movieOf[k], movieOf[j]));
                worst = Math.Max(worst, Math.Abs(s));
            }
        }
        Assert.True(worst < 1e-3, $"largest off-diagonal entry of (G + λI)(I − B) is {worst}");
    }

    [Fact]
    public void Lambda_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EaseRanker.Fit(Tiny, lambda: 0, threads: 1));
    }

    [Fact]
    public void Lambda_search_keeps_the_best_validation_ndcg_and_reports_every_lambda()
    {
        var data = SyntheticDataset.Create();
        var split = RatingsSplit.Create(data, seed: 5);
        var validation = RankingProtocol.CreateForValidation(data.Ratings, split, data.Users.Count, data.Movies.Count);
        var (gram, _) = EaseLambdaSearch.Gram(ImplicitFeedback.FromRatings(data.Ratings, split.Train, data.Users.Count, data.Movies.Count), 2);

        var (best, choice) = EaseLambdaSearch.Run(gram, [1, 10, 100], validation, threads: 2);

        Assert.Equal([1.0, 10, 100], choice.Trials.Select(t => t.Lambda));
        var top = choice.Trials.Max(t => t.Validation.Ndcg);
        Assert.Equal(choice.Trials.First(t => t.Validation.Ndcg == top).Lambda, choice.Lambda);
        Assert.Equal(choice.Lambda, best.Lambda);
        Assert.All(choice.Trials, t => Assert.Equal(validation.Users.Count, t.Validation.Users));
    }
}
