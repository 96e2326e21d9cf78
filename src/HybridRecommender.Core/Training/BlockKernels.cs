using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HybridRecommender.Core.Training;

/// <summary>
/// The dense-layer kernels of the training pass, on blocks of <see cref="Block"/> ratings at once:
/// each weight row is loaded once per block instead of once per rating, and one call replaces
/// several small span calls. Rows are stored contiguously: row b of an [Block, width] buffer starts
/// at b·width. Results are deterministic (fixed summation order).
/// </summary>
internal static class BlockKernels
{
    public const int Block = 4;

    /// <summary>Z[b, o] = bias[o] + W[o, :]·X[b, :] for b &lt; Block.</summary>
    public static void Forward(float[] w, float[] bias, int inW, int outW, float[] x, float[] z)
    {
        ref var x0 = ref MemoryMarshal.GetArrayDataReference(x);
        ref var x1 = ref Unsafe.Add(ref x0, inW);
        ref var x2 = ref Unsafe.Add(ref x0, 2 * inW);
        ref var x3 = ref Unsafe.Add(ref x0, 3 * inW);
        ref var w0 = ref MemoryMarshal.GetArrayDataReference(w);
        var vecEnd = inW - inW % Vector256<float>.Count;
        for (var o = 0; o < outW; o++)
        {
            ref var wr = ref Unsafe.Add(ref w0, o * inW);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            var i = 0;
            for (; i < vecEnd; i += Vector256<float>.Count)
            {
                var wv = Vector256.LoadUnsafe(ref wr, (nuint)i);
                a0 = Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref x0, (nuint)i), a0);
                a1 = Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref x1, (nuint)i), a1);
                a2 = Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref x2, (nuint)i), a2);
                a3 = Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref x3, (nuint)i), a3);
            }
            float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
            for (; i < inW; i++)
            {
                var wi = Unsafe.Add(ref wr, i);
                s0 += wi * Unsafe.Add(ref x0, i);
                s1 += wi * Unsafe.Add(ref x1, i);
                s2 += wi * Unsafe.Add(ref x2, i);
                s3 += wi * Unsafe.Add(ref x3, i);
            }
            var b = bias[o];
            z[o] = b + s0;
            z[outW + o] = b + s1;
            z[2 * outW + o] = b + s2;
            z[3 * outW + o] = b + s3;
        }
    }

    /// <summary>dW[o, :] += Σ_b dZ[b, o] · X[b, :] (the weight gradient of a block).</summary>
    public static void AccumulateWeightGradient(float[] dw, int inW, int outW, float[] dz, float[] x)
    {
        ref var x0 = ref MemoryMarshal.GetArrayDataReference(x);
        ref var x1 = ref Unsafe.Add(ref x0, inW);
        ref var x2 = ref Unsafe.Add(ref x0, 2 * inW);
        ref var x3 = ref Unsafe.Add(ref x0, 3 * inW);
        ref var g0 = ref MemoryMarshal.GetArrayDataReference(dw);
        var vecEnd = inW - inW % Vector256<float>.Count;
        for (var o = 0; o < outW; o++)
        {
            float c0 = dz[o], c1 = dz[outW + o], c2 = dz[2 * outW + o], c3 = dz[3 * outW + o];
            if (c0 == 0 && c1 == 0 && c2 == 0 && c3 == 0) continue; // ReLU-dead unit in all four ratings
            ref var gr = ref Unsafe.Add(ref g0, o * inW);
            var v0 = Vector256.Create(c0); var v1 = Vector256.Create(c1); var v2 = Vector256.Create(c2); var v3 = Vector256.Create(c3);
            var i = 0;
            for (; i < vecEnd; i += Vector256<float>.Count)
            {
                var acc = Vector256.LoadUnsafe(ref gr, (nuint)i);
                acc = Vector256.FusedMultiplyAdd(v0, Vector256.LoadUnsafe(ref x0, (nuint)i), acc);
                acc = Vector256.FusedMultiplyAdd(v1, Vector256.LoadUnsafe(ref x1, (nuint)i), acc);
                acc = Vector256.FusedMultiplyAdd(v2, Vector256.LoadUnsafe(ref x2, (nuint)i), acc);
                acc = Vector256.FusedMultiplyAdd(v3, Vector256.LoadUnsafe(ref x3, (nuint)i), acc);
                acc.StoreUnsafe(ref gr, (nuint)i);
            }
            for (; i < inW; i++)
                Unsafe.Add(ref gr, i) += c0 * Unsafe.Add(ref x0, i) + c1 * Unsafe.Add(ref x1, i) + c2 * Unsafe.Add(ref x2, i) + c3 * Unsafe.Add(ref x3, i);
        }
    }

    /// <summary>dX[b, :] = Σ_o dZ[b, o] · W[o, :] (the gradient flowing to the layer's input).</summary>
    public static void BackpropagateInput(float[] w, int inW, int outW, float[] dz, float[] dx)
    {
        Array.Clear(dx, 0, Block * inW);
        ref var d0 = ref MemoryMarshal.GetArrayDataReference(dx);
        ref var d1 = ref Unsafe.Add(ref d0, inW);
        ref var d2 = ref Unsafe.Add(ref d0, 2 * inW);
        ref var d3 = ref Unsafe.Add(ref d0, 3 * inW);
        ref var w0 = ref MemoryMarshal.GetArrayDataReference(w);
        var vecEnd = inW - inW % Vector256<float>.Count;
        for (var o = 0; o < outW; o++)
        {
            float c0 = dz[o], c1 = dz[outW + o], c2 = dz[2 * outW + o], c3 = dz[3 * outW + o];
            if (c0 == 0 && c1 == 0 && c2 == 0 && c3 == 0) continue;
            ref var wr = ref Unsafe.Add(ref w0, o * inW);
            var v0 = Vector256.Create(c0); var v1 = Vector256.Create(c1); var v2 = Vector256.Create(c2); var v3 = Vector256.Create(c3);
            var i = 0;
            for (; i < vecEnd; i += Vector256<float>.Count)
            {
                var wv = Vector256.LoadUnsafe(ref wr, (nuint)i);
                Vector256.FusedMultiplyAdd(v0, wv, Vector256.LoadUnsafe(ref d0, (nuint)i)).StoreUnsafe(ref d0, (nuint)i);
                Vector256.FusedMultiplyAdd(v1, wv, Vector256.LoadUnsafe(ref d1, (nuint)i)).StoreUnsafe(ref d1, (nuint)i);
                Vector256.FusedMultiplyAdd(v2, wv, Vector256.LoadUnsafe(ref d2, (nuint)i)).StoreUnsafe(ref d2, (nuint)i);
                Vector256.FusedMultiplyAdd(v3, wv, Vector256.LoadUnsafe(ref d3, (nuint)i)).StoreUnsafe(ref d3, (nuint)i);
            }
            for (; i < inW; i++)
            {
                var wi = Unsafe.Add(ref wr, i);
                Unsafe.Add(ref d0, i) += c0 * wi;
                Unsafe.Add(ref d1, i) += c1 * wi;
                Unsafe.Add(ref d2, i) += c2 * wi;
                Unsafe.Add(ref d3, i) += c3 * wi;
            }
        }
    }
}
