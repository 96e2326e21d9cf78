using System.Runtime.Intrinsics;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Tests.Model;

/// <summary>
/// WeightedMoments (fold-in's ∇L and ∇²L over the catalogue) against a hand-computed case and a double reference,
/// for every SIMD path, dimensions that do and do not fill whole tiles, and row counts across chunk boundaries;
/// and the SIMD Cholesky solve against the system it solves.
/// </summary>
public sealed class WeightedMomentsTests
{
    public static TheoryData<int> Lanes()
    {
        var lanes = new TheoryData<int> { 0 };
        if (Vector256.IsHardwareAccelerated) lanes.Add(8);
        if (Vector512.IsHardwareAccelerated) lanes.Add(16);
        return lanes;
    }

    [Theory]
    [MemberData(nameof(Lanes))]
    public void Hand_computed_two_rows(int lanes)
    {
        // 0.5·(1,2)(1,2)ᵀ + 2·(3,4)(3,4)ᵀ = [[18.5, 25], [25, 34]]; 0.5·(1,2) + 2·(3,4) = (6.5, 9).
        float[] rows = [1, 2, 3, 4];
        double[] weights = [0.5, 2];
        var gram = new double[4];
        WeightedMoments.SecondMoment(rows, 2, weights, gram, lanes);
        Assert.Equal([18.5, 25, 25, 34], gram);
        var sum = new double[2];
        WeightedMoments.FirstMoment(rows, 2, weights, sum);
        Assert.Equal([6.5, 9], sum);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(6, 3)]
    [InlineData(8, 64)]
    [InlineData(16, 65)]
    [InlineData(17, 130)]
    [InlineData(37, 200)]
    [InlineData(96, 150)]
    public void Moments_match_a_double_reference_on_every_path(int dim, int count)
    {
        var rng = new Random(dim * 1000 + count);
        var rows = Enumerable.Range(0, count * dim).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        var weights = Enumerable.Range(0, count).Select(_ => rng.NextDouble()).ToArray();
        var reference = new double[dim * dim];
        var referenceSum = new double[dim];
        for (var m = 0; m < count; m++)
            for (var a = 0; a < dim; a++)
            {
                referenceSum[a] += weights[m] * rows[m * dim + a];
                for (var c = 0; c < dim; c++) reference[a * dim + c] += weights[m] * rows[m * dim + a] * rows[m * dim + c];
            }
        var scale = reference.Max(Math.Abs);

        foreach (var lanes in Lanes())
        {
            var gram = new double[dim * dim];
            Array.Fill(gram, double.NaN); // every entry must be written
            WeightedMoments.SecondMoment(rows, dim, weights, gram, lanes);
            for (var a = 0; a < dim; a++)
                for (var c = 0; c < dim; c++)
                {
                    Assert.True(Math.Abs(gram[a * dim + c] - reference[a * dim + c]) <= 1e-5 * scale,
                        $"lanes {lanes}, [{a},{c}]: {gram[a * dim + c]} vs reference {reference[a * dim + c]}");
                    Assert.Equal(gram[a * dim + c], gram[c * dim + a]); // exactly symmetric
                }
        }
        var sum = new double[dim];
        WeightedMoments.FirstMoment(rows, dim, weights, sum);
        var sumScale = Math.Max(1, referenceSum.Max(Math.Abs));
        for (var a = 0; a < dim; a++) Assert.True(Math.Abs(sum[a] - referenceSum[a]) <= 1e-5 * sumScale, $"Σ w x [{a}]: {sum[a]} vs {referenceSum[a]}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(97)]
    public void Cholesky_solves_a_random_positive_definite_system(int size)
    {
        var rng = new Random(size);
        var b = Enumerable.Range(0, size * size).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var m = new double[size * size]; // BᵀB + I
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
            {
                double s = i == j ? 1 : 0;
                for (var k = 0; k < size; k++) s += b[k * size + i] * b[k * size + j];
                m[i * size + j] = s;
            }
        var rhs = Enumerable.Range(0, size).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var x = (double[])rhs.Clone();
        Cholesky.SolveInPlace((double[])m.Clone(), size, x);
        for (var i = 0; i < size; i++)
        {
            double mx = 0;
            for (var j = 0; j < size; j++) mx += m[i * size + j] * x[j];
            Assert.Equal(rhs[i], mx, 1e-9);
        }
        Assert.Throws<InvalidOperationException>(() => Cholesky.SolveInPlace(new double[size * size], size, new double[size]));
    }
}
