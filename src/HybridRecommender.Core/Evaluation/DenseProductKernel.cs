using System.Runtime.Intrinsics;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// The one inner loop of <see cref="CholeskyInverse"/>: C += A·B on a tile of <see cref="Width"/>
/// columns, row-major with explicit strides. Four rows at a time keep 8 accumulators in registers and
/// load each 8-wide row of B once for four fused multiply-adds, so the loop is bound by arithmetic, not
/// memory, when the callers keep the A block in L2 (they block rows and depth for that).
/// </summary>
internal static unsafe class DenseProductKernel
{
    /// <summary>Columns per tile: two 256-bit vectors of doubles. Matrices are padded to a multiple of it.</summary>
    public const int Width = 8;

    /// <summary>C[r, 0..8) += Σ_{p &lt; depth} A[r, p] · B[p, 0..8) for r &lt; rows.</summary>
    public static void AddProduct(double* c, int ldc, double* a, int lda, double* b, int ldb, int rows, int depth)
    {
        var r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            double* a0 = a + (long)r * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
            double* c0 = c + (long)r * ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
            Vector256<double> s00 = Vector256.Load(c0), s01 = Vector256.Load(c0 + 4);
            Vector256<double> s10 = Vector256.Load(c1), s11 = Vector256.Load(c1 + 4);
            Vector256<double> s20 = Vector256.Load(c2), s21 = Vector256.Load(c2 + 4);
            Vector256<double> s30 = Vector256.Load(c3), s31 = Vector256.Load(c3 + 4);
            var bp = b;
            for (var p = 0; p < depth; p++, bp += ldb)
            {
                var b0 = Vector256.Load(bp);
                var b1 = Vector256.Load(bp + 4);
                var x = Vector256.Create(a0[p]);
                s00 = Vector256.FusedMultiplyAdd(x, b0, s00); s01 = Vector256.FusedMultiplyAdd(x, b1, s01);
                x = Vector256.Create(a1[p]);
                s10 = Vector256.FusedMultiplyAdd(x, b0, s10); s11 = Vector256.FusedMultiplyAdd(x, b1, s11);
                x = Vector256.Create(a2[p]);
                s20 = Vector256.FusedMultiplyAdd(x, b0, s20); s21 = Vector256.FusedMultiplyAdd(x, b1, s21);
                x = Vector256.Create(a3[p]);
                s30 = Vector256.FusedMultiplyAdd(x, b0, s30); s31 = Vector256.FusedMultiplyAdd(x, b1, s31);
            }
            s00.Store(c0); s01.Store(c0 + 4);
            s10.Store(c1); s11.Store(c1 + 4);
            s20.Store(c2); s21.Store(c2 + 4);
            s30.Store(c3); s31.Store(c3 + 4);
        }
        for (; r < rows; r++)
        {
            double* ar = a + (long)r * lda;
            double* cr = c + (long)r * ldc;
            Vector256<double> s0 = Vector256.Load(cr), s1 = Vector256.Load(cr + 4);
            var bp = b;
            for (var p = 0; p < depth; p++, bp += ldb)
            {
                var x = Vector256.Create(ar[p]);
                s0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp), s0);
                s1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 4), s1);
            }
            s0.Store(cr); s1.Store(cr + 4);
        }
    }
}
