namespace HybridRecommender.Core.Model;

/// <summary>In-place Cholesky solve of a symmetric positive definite system (double precision).</summary>
internal static class Cholesky
{
    /// <summary>
    /// Solves M x = b where <paramref name="matrix"/> (size×size, row-major) holds M in its lower
    /// triangle (the upper triangle is ignored and overwritten); <paramref name="rhs"/> becomes x.
    /// </summary>
    public static void SolveInPlace(Span<double> matrix, int size, Span<double> rhs)
    {
        for (var i = 0; i < size; i++)
        {
            var rowI = matrix.Slice(i * size, size);
            for (var j = 0; j <= i; j++)
            {
                var rowJ = matrix.Slice(j * size, size);
                var s = rowI[j];
                for (var k = 0; k < j; k++) s -= rowI[k] * rowJ[k];
                if (i == j)
                {
                    if (!(s > 0)) throw new InvalidOperationException("The matrix is not positive definite.");
                    rowI[i] = Math.Sqrt(s);
                }
                else rowI[j] = s / rowJ[j];
            }
        }
        for (var i = 0; i < size; i++)   // L z = b
        {
            var s = rhs[i];
            for (var k = 0; k < i; k++) s -= matrix[i * size + k] * rhs[k];
            rhs[i] = s / matrix[i * size + i];
        }
        for (var i = size - 1; i >= 0; i--) // Lᵀ x = z
        {
            var s = rhs[i];
            for (var k = i + 1; k < size; k++) s -= matrix[k * size + i] * rhs[k];
            rhs[i] = s / matrix[i * size + i];
        }
    }
}
