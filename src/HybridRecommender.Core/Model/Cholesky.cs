using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        if (matrix.Length < size * size || rhs.Length < size) throw new ArgumentException("matrix or rhs too short.");
        for (var i = 0; i < size; i++)
        {
            var rowI = matrix.Slice(i * size, size);
            for (var j = 0; j <= i; j++)
            {
                var rowJ = matrix.Slice(j * size, size);
                var s = rowI[j] - PrefixDot(rowI, rowJ, j);
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
            var s = rhs[i] - PrefixDot(matrix.Slice(i * size, size), rhs, i);
            rhs[i] = s / matrix[i * size + i];
        }
        for (var i = size - 1; i >= 0; i--) // Lᵀ x = z
        {
            var s = rhs[i];
            for (var k = i + 1; k < size; k++) s -= matrix[k * size + i] * rhs[k];
            rhs[i] = s / matrix[i * size + i];
        }
    }

    /// <summary>
    /// Σ_{k &lt; length} a[k]·b[k]: the factorisation's (d+1)³/6 multiply-adds as short SIMD dots, inlined (a library
    /// call per dot costs as much as the dot at these lengths). Both spans hold at least <paramref name="length"/> items.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double PrefixDot(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int length)
    {
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var k = 0;
        var sum = 0.0;
        if (Vector256.IsHardwareAccelerated && length >= 8)
        {
            var acc0 = Vector256<double>.Zero;
            var acc1 = Vector256<double>.Zero;
            for (; k + 8 <= length; k += 8)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)k), Vector256.LoadUnsafe(ref rb, (nuint)k), acc0);
                acc1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)(k + 4)), Vector256.LoadUnsafe(ref rb, (nuint)(k + 4)), acc1);
            }
            sum = Vector256.Sum(acc0 + acc1);
        }
        for (; k < length; k++) sum += Unsafe.Add(ref ra, k) * Unsafe.Add(ref rb, k);
        return sum;
    }
}
