using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// The inverse of a symmetric positive-definite matrix through its Cholesky factor: A = UᵀU,
/// V = U⁻¹, A⁻¹ = V·Vᵀ (about n³ flops in all, versus 2n³ for solving A·X = I column by column).
/// Every step is blocked so its inner loop is <see cref="DenseProductKernel"/> on data that stays in
/// cache, and every step splits its columns across <c>threads</c>. Row-major, double precision
/// (EASE's Gram matrix has counts in the thousands; float would lose the small entries).
/// </summary>
public static unsafe class CholeskyInverse
{
    // Panel height of the factorisation and of the triangular inverse; a multiple of the kernel width.
    internal const int Block = 128;
    // Rows of the left operand and depth kept in L2 while a pass sweeps every column tile.
    internal const int RowChunk = 256;
    internal const int DepthChunk = 256;
    // Columns per task in the panel updates.
    private const int ColumnChunk = 256;

    /// <summary>
    /// The inverse of the n×n row-major symmetric positive-definite <paramref name="matrix"/>, as a full
    /// (symmetric) n×n row-major array. Only the upper triangle of the input is read.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is not positive definite (a pivot is not &gt; 0) or not finite.</exception>
    public static double[] Invert(ReadOnlySpan<double> matrix, int n, int threads = 1)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), $"n must be at least 1; got {n}.");
        if (matrix.Length != (long)n * n) throw new ArgumentException($"Expected {(long)n * n} entries for {n}×{n}; got {matrix.Length}.", nameof(matrix));
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), $"threads must be at least 1; got {threads}.");
        var ld = (n + DenseProductKernel.Width - 1) / DenseProductKernel.Width * DenseProductKernel.Width;
        if ((long)n * ld > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(n), $"{n}×{n} is too large.");
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };

        var size = n * ld;
        double* u = Allocate(size), v = Allocate(size), work = Allocate(Math.Max(size, Block * n));
        try
        {
            for (var i = 0; i < n; i++)
                matrix.Slice(i * n + i, n - i).CopyTo(new Span<double>(u + (long)i * ld + i, n - i));
            Factor(u, n, ld, work, parallel);
            InvertUpper(u, v, n, ld, work, parallel);
            // U is no longer needed: its storage takes P, the work buffer Vᵀ.
            MultiplyByTranspose(v, work, u, n, ld, parallel);
            var inverse = new double[n * n];
            for (var i = 0; i < n; i++)
            {
                var row = u + (long)i * ld;
                for (var j = i; j < n; j++)
                {
                    inverse[i * n + j] = row[j];
                    inverse[j * n + i] = row[j];
                }
            }
            return inverse;
        }
        finally
        {
            NativeMemory.AlignedFree(u);
            NativeMemory.AlignedFree(v);
            NativeMemory.AlignedFree(work);
        }
    }

    private static double* Allocate(int count)
    {
        var p = (double*)NativeMemory.AlignedAlloc((nuint)count * sizeof(double), 64);
        new Span<double>(p, count).Clear();
        return p;
    }

    private static Span<double> Row(double* m, int ld, int row, int from, int to) => new(m + (long)row * ld + from, to - from);

    // Right-looking blocked Cholesky, A = UᵀU, in place in the upper triangle of u (the lower one is left stale).
    private static void Factor(double* u, int n, int ld, double* packed, ParallelOptions parallel)
    {
        for (var k0 = 0; k0 < n; k0 += Block)
        {
            var k1 = Math.Min(k0 + Block, n);
            var height = k1 - k0;
            // The panel's diagonal block, unblocked.
            for (var r = k0; r < k1; r++)
            {
                var pivot = u[(long)r * ld + r];
                if (!(pivot > 0) || !double.IsFinite(pivot))
                    throw new ArgumentException($"The matrix is not positive definite: pivot {r} of the Cholesky factorisation is {pivot}.");
                var diagonal = Row(u, ld, r, r, k1);
                TensorPrimitives.Divide(diagonal, Math.Sqrt(pivot), diagonal);
                for (var q = r + 1; q < k1; q++)
                {
                    var target = Row(u, ld, q, q, k1);
                    TensorPrimitives.MultiplyAdd(Row(u, ld, r, q, k1), -u[(long)r * ld + q], target, target);
                }
            }
            if (k1 == n) return;
            // The panel's columns right of the block, by column chunks (each chunk is independent).
            var chunks = (n - k1 + ColumnChunk - 1) / ColumnChunk;
            Parallel.For(0, chunks, parallel, c =>
            {
                var from = k1 + c * ColumnChunk;
                var to = Math.Min(from + ColumnChunk, n);
                for (var r = k0; r < k1; r++)
                {
                    var row = Row(u, ld, r, from, to);
                    TensorPrimitives.Divide(row, u[(long)r * ld + r], row);
                    for (var q = r + 1; q < k1; q++)
                    {
                        var target = Row(u, ld, q, from, to);
                        TensorPrimitives.MultiplyAdd(row, -u[(long)r * ld + q], target, target);
                    }
                }
            });
            // Trailing update A[i, j] −= Σ_p U[p, i]·U[p, j] on the upper triangle, with −Uᵀ of the panel packed row-major.
            for (var p = k0; p < k1; p++)
                for (var i = k1; i < n; i++)
                    packed[(long)(i - k1) * height + (p - k0)] = -u[(long)p * ld + i];
            for (var rc0 = k1; rc0 < n; rc0 += RowChunk)
            {
                var rc1 = Math.Min(rc0 + RowChunk, n);
                var rowStart = rc0;
                Parallel.For(rc0 / DenseProductKernel.Width, ld / DenseProductKernel.Width, parallel, tile =>
                {
                    var j0 = tile * DenseProductKernel.Width;
                    var rows = Math.Min(rc1, j0 + DenseProductKernel.Width) - rowStart;
                    DenseProductKernel.AddProduct(u + (long)rowStart * ld + j0, ld, packed + (long)(rowStart - k1) * height, height,
                        u + (long)k0 * ld + j0, ld, rows, height);
                });
            }
        }
    }

    // V = U⁻¹ (upper triangular), by row blocks from the bottom: U·V = I gives
    // V[i, :] = (e_i − Σ_{q>i} U[i, q]·V[q, :]) / U[i, i]; rows below the block are done, so their part is one product.
    private static void InvertUpper(double* u, double* v, int n, int ld, double* packed, ParallelOptions parallel)
    {
        for (var r0 = (n - 1) / Block * Block; r0 >= 0; r0 -= Block)
        {
            var r1 = Math.Min(r0 + Block, n);
            var height = r1 - r0;
            if (r1 < n)
            {
                var depthAll = n - r1;
                for (var i = r0; i < r1; i++)
                for (var q = r1; q < n; q++)
                    packed[(long)(i - r0) * depthAll + (q - r1)] = -u[(long)i * ld + q];
                for (var q0 = 0; q0 < depthAll; q0 += DepthChunk)
                {
                    var q1 = Math.Min(q0 + DepthChunk, depthAll);
                    var depthStart = q0;
                    var blockEnd = r1;
                    var top = r0;
                    // V[q, j] = 0 for q > j: tiles left of row r1 + q0 get nothing from this depth chunk.
                    Parallel.For((r1 + q0) / DenseProductKernel.Width, ld / DenseProductKernel.Width, parallel, tile =>
                    {
                        var j0 = tile * DenseProductKernel.Width;
                        var depth = Math.Min(q1, j0 + DenseProductKernel.Width - blockEnd) - depthStart;
                        DenseProductKernel.AddProduct(v + (long)top * ld + j0, ld, packed + depthStart, depthAll,
                            v + (long)(blockEnd + depthStart) * ld + j0, ld, height, depth);
                    });
                }
            }
            // Within the block, back substitution row by row; columns are independent, so chunks run in parallel.
            var start = r0;
            var end = r1;
            var chunks = (n - r0 + ColumnChunk - 1) / ColumnChunk;
            Parallel.For(0, chunks, parallel, c =>
            {
                var from = start + c * ColumnChunk;
                var to = Math.Min(from + ColumnChunk, n);
                for (var i = end - 1; i >= start; i--)
                {
                    if (i >= from && i < to) v[(long)i * ld + i] += 1;
                    var row = Row(v, ld, i, Math.Max(i, from), to);
                    if (row.IsEmpty) continue;
                    for (var q = i + 1; q < end; q++)
                    {
                        var lo = Math.Max(q, from);
                        if (lo >= to) break;
                        var target = Row(v, ld, i, lo, to);
                        TensorPrimitives.MultiplyAdd(Row(v, ld, q, lo, to), -u[(long)i * ld + q], target, target);
                    }
                    TensorPrimitives.Divide(row, u[(long)i * ld + i], row);
                }
            });
        }
    }

    // P = V·Vᵀ on the upper triangle, into p (zeroed here); vt receives Vᵀ.
    private static void MultiplyByTranspose(double* v, double* vt, double* p, int n, int ld, ParallelOptions parallel)
    {
        new Span<double>(p, n * ld).Clear();
        new Span<double>(vt, n * ld).Clear();
        for (var i = 0; i < n; i++)
            for (var k = i; k < n; k++)
                vt[(long)k * ld + i] = v[(long)i * ld + k];
        const int w = DenseProductKernel.Width;
        for (var k0 = 0; k0 < n; k0 += DepthChunk)
        {
            var k1 = Math.Min(k0 + DepthChunk, n);
            var depthStart = k0;
            // V[i, k] = 0 for k < i: rows from k1 on get nothing from this depth chunk.
            for (var i0 = 0; i0 < k1; i0 += RowChunk)
            {
                var i1 = Math.Min(i0 + RowChunk, k1);
                var top = i0;
                // Upper triangle only (j0 + w > i0); Vᵀ[k, j] = 0 for k < j, so tiles from k1 on get nothing.
                Parallel.For(i0 / w, (k1 + w - 1) / w, parallel, tile =>
                {
                    var j0 = tile * w;
                    var ks = Math.Max(depthStart, j0);
                    var rows = Math.Min(i1, j0 + w) - top;
                    DenseProductKernel.AddProduct(p + (long)top * ld + j0, ld, v + (long)top * ld + ks, ld, vt + (long)ks * ld + j0, ld, rows, k1 - ks);
                });
            }
        }
    }
}
