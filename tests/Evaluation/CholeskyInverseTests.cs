using HybridRecommender.Core.Evaluation;

namespace HybridRecommender.Tests.Evaluation;

public class CholeskyInverseTests
{
    [Fact]
    public void Inverts_a_hand_computed_2x2()
    {
        // [[4, 2], [2, 3]]⁻¹ = 1/8 · [[3, −2], [−2, 4]] (determinant 8).
        var inverse = CholeskyInverse.Invert([4, 2, 2, 3], 2);
        Assert.Equal([0.375, -0.25, -0.25, 0.5], inverse.Select(x => Math.Round(x, 12)));
    }

    [Fact]
    public void Inverts_a_hand_computed_3x3()
    {
        // A = [[2, −1, 0], [−1, 2, −1], [0, −1, 2]] (det 4); A⁻¹ = 1/4 · [[3, 2, 1], [2, 4, 2], [1, 2, 3]].
        var inverse = CholeskyInverse.Invert([2, -1, 0, -1, 2, -1, 0, -1, 2], 3);
        double[] expected = [0.75, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.75];
        for (var i = 0; i < 9; i++) Assert.Equal(expected[i], inverse[i], 12);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(129, 2)]   // one full panel and a 1-row tail
    [InlineData(300, 2)]   // panels, a row chunk and a column-chunk tail; not a multiple of the kernel width
    [InlineData(530, 3)]   // several depth and row chunks
    public void Times_the_matrix_is_the_identity_on_a_random_SPD_matrix(int n, int threads)
    {
        var a = RandomSpd(n, seed: n);
        var inverse = CholeskyInverse.Invert(a, n, threads);

        var worst = 0.0;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var k = 0; k < n; k++) s += a[i * n + k] * inverse[k * n + j];
                worst = Math.Max(worst, Math.Abs(s - (i == j ? 1 : 0)));
                Assert.Equal(inverse[i * n + j], inverse[j * n + i]); // symmetric by construction
            }
        Assert.True(worst < 1e-9, $"max |A·A⁻¹ − I| = {worst}");
    }

    [Fact]
    public void Thread_count_does_not_change_the_result()
    {
        var a = RandomSpd(300, seed: 3);
        Assert.Equal(CholeskyInverse.Invert(a, 300, 1), CholeskyInverse.Invert(a, 300, 2));
    }

    [Fact]
    public void Reads_only_the_upper_triangle()
    {
        var a = RandomSpd(40, seed: 5);
        var scrambled = (double[])a.Clone();
        for (var i = 0; i < 40; i++)
            for (var j = 0; j < i; j++) scrambled[i * 40 + j] = double.NaN;
        Assert.Equal(CholeskyInverse.Invert(a, 40), CholeskyInverse.Invert(scrambled, 40));
    }

    [Fact]
    public void A_matrix_that_is_not_positive_definite_is_refused()
    {
        // Eigenvalues 3 and −1.
        var e = Assert.Throws<ArgumentException>(() => CholeskyInverse.Invert([1, 2, 2, 1], 2));
        Assert.Contains("not positive definite", e.Message);
        Assert.Throws<ArgumentException>(() => CholeskyInverse.Invert([1, 2, 3], 2));
    }

    // MᵀM/n + I: symmetric positive definite, condition number modest, entries of both signs.
    internal static double[] RandomSpd(int n, int seed)
    {
        var random = new Random(seed);
        var m = new double[n * n];
        for (var i = 0; i < m.Length; i++) m[i] = random.NextDouble() * 2 - 1;
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var k = 0; k < n; k++) s += m[k * n + i] * m[k * n + j];
                a[i * n + j] = s / n + (i == j ? 1 : 0);
            }
        return a;
    }
}
