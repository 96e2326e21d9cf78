using System.Numerics.Tensors;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Core.Training;

/// <summary>
/// The training pass: forward and backward of the hybrid network over a batch, in blocks of a few
/// ratings per thread (dense layers through <see cref="BlockKernels"/>, per-rating vectors as SIMD spans). The batch is cut
/// into one contiguous chunk per thread; per-thread dense gradients are summed in thread order, so
/// results are deterministic for a given thread count.
/// </summary>
public sealed class ForwardBackward
{
    private readonly HybridNetwork _net;
    private readonly Parameter[] _dense;
    private readonly Workspace[] _workspaces;
    private readonly float[] _genreProjectionT; // [genres, dim]: W_g transposed so a genre's column is contiguous

    public ForwardBackward(HybridNetwork network, int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), "At least one thread.");
        _net = network;
        _dense = BatchGradients.DenseParameters(network);
        _workspaces = Enumerable.Range(0, threads).Select(_ => new Workspace(network, _dense)).ToArray();
        _genreProjectionT = new float[network.Shape.Genres * network.Shape.Dim];
    }

    public int Threads => _workspaces.Length;

    /// <summary>Computes the batch's regularised loss and its gradients into <paramref name="grads"/>.</summary>
    public void Compute(Batch batch, BatchGradients grads, RegularisationOptions reg, ulong dropoutSeed = 0)
    {
        if (batch.Count > grads.Capacity) throw new ArgumentException($"Batch of {batch.Count} exceeds gradient capacity {grads.Capacity}.");
        TransposeGenreProjection();
        var t = Math.Min(Threads, Math.Max(1, batch.Count));
        var chunk = (batch.Count + t - 1) / t;
        if (t == 1)
            Run(0, batch, 0, batch.Count, grads, reg, dropoutSeed);
        else
            Parallel.For(0, t, new ParallelOptions { MaxDegreeOfParallelism = t }, w =>
            {
                var from = w * chunk;
                var to = Math.Min(batch.Count, from + chunk);
                Run(w, batch, from, to, grads, reg, dropoutSeed);
            });

        // Deterministic reduction: thread 0, then 1, ...
        double se = 0, ae = 0, regLoss = 0;
        for (var i = 0; i < _dense.Length; i++)
        {
            var target = grads.Dense[i];
            _workspaces[0].Grad[i].CopyTo(target, 0);
            for (var w = 1; w < t; w++) TensorPrimitives.Add(target, _workspaces[w].Grad[i], target);
        }
        for (var w = 0; w < t; w++) { se += _workspaces[w].SquaredError; ae += _workspaces[w].AbsoluteError; regLoss += _workspaces[w].RegLoss; }

        // genre_projection's gradient was accumulated transposed ([genres, dim]); flip it back to [dim, genres].
        var gp = Array.IndexOf(_dense, _net.GenreProjection);
        TransposeInPlace(grads.Dense[gp], _net.Shape.Genres, _net.Shape.Dim);

        // L2 on decaying dense weights, once per batch.
        double denseReg = 0;
        if (reg.Dense > 0)
            for (var i = 0; i < _dense.Length; i++)
            {
                if (!_dense[i].Decays) continue;
                var wv = _dense[i].Value.Data;
                TensorPrimitives.MultiplyAdd(wv, 2 * reg.Dense, grads.Dense[i], grads.Dense[i]);
                denseReg += reg.Dense * TensorPrimitives.Dot(wv, wv);
            }

        var b = Math.Max(1, batch.Count);
        grads.SquaredErrorSum = se;
        grads.AbsoluteErrorSum = ae;
        grads.Loss = (se + regLoss) / b + denseReg;
    }

    private void TransposeGenreProjection()
    {
        var g = _net.Shape.Genres;
        var d = _net.Shape.Dim;
        var w = _net.GenreProjection.Value.Data;
        for (var i = 0; i < d; i++)
            for (var k = 0; k < g; k++)
                _genreProjectionT[k * d + i] = w[i * g + k];
    }

    private static void TransposeInPlace(float[] a, int rows, int cols)
    {
        var copy = (float[])a.Clone();
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                a[c * rows + r] = copy[r * cols + c];
    }

    private void Run(int worker, Batch batch, int from, int to, BatchGradients grads, RegularisationOptions reg, ulong dropoutSeed)
    {
        const int B = BlockKernels.Block;
        var ws = _workspaces[worker];
        ws.Reset();
        var s = _net.Shape;
        var d = s.Dim;
        var genres = s.Genres;
        var inW0 = s.MlpInput;
        var hidden = _net.Hidden;
        var output = _net.Output;
        var outW = output.Weight.Value.Data;
        var outIn = output.InFeatures;
        var P = _net.UserEmbedding.Weight.Value.Data;
        var Q = _net.MovieEmbedding.Weight.Value.Data;
        var Bu = _net.UserBias.Weight.Value.Data;
        var Bi = _net.MovieBias.Weight.Value.Data;
        var G = _net.MovieGenres.Data;
        var global = _net.GlobalBias.Value.Data[0];
        var n = (float)Math.Max(1, batch.Count);
        var regScaleE = 2 * reg.Embedding / n;
        var regScaleB = 2 * reg.Bias / n;
        var keepScale = reg.Dropout > 0 ? 1f / (1f - reg.Dropout) : 1f;
        var gGlobal = ws.Grad[0];
        var gGenreT = ws.Grad[1];
        var gOutW = ws.Grad[ws.OutWeightIndex];
        var gOutB = ws.Grad[ws.OutWeightIndex + 1];
        var x = ws.X;
        var e = ws.E;
        var delta = ws.Delta;

        // Blocks of B ratings: the dense layers run on the whole block (BlockKernels); the rest is per rating.
        // A short last block is padded with zero inputs and zero error, so it adds nothing.
        for (var j0 = from; j0 < to; j0 += B)
        {
            var nb = Math.Min(B, to - j0);
            for (var b = 0; b < B; b++)
            {
                var xb = x.AsSpan(b * inW0, inW0);
                if (b >= nb) { xb.Clear(); continue; }
                var pos = batch.Start + j0 + b;
                var u = batch.Users[pos];
                var m = batch.Movies[pos];
                var q = new ReadOnlySpan<float>(Q, m * d, d);
                var g = new ReadOnlySpan<float>(G, m * genres, genres);
                // e = q + W_g g over the movie's genres only.
                var eb = e.AsSpan(b * d, d);
                q.CopyTo(eb);
                for (var k = 0; k < genres; k++)
                    if (g[k] != 0) TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(_genreProjectionT, k * d, d), g[k], eb, eb);
                new ReadOnlySpan<float>(P, u * d, d).CopyTo(xb);
                q.CopyTo(xb[d..]);
                g.CopyTo(xb[(2 * d)..]);
            }

            var input = x;
            for (var l = 0; l < hidden.Count; l++)
            {
                var layer = hidden[l];
                var width = layer.OutFeatures;
                var z = ws.Z[l];
                var h = ws.H[l];
                BlockKernels.Forward(layer.Weight.Value.Data, layer.Bias.Value.Data, layer.InFeatures, width, input, z);
                for (var b = 0; b < B; b++)
                {
                    var pos = batch.Start + j0 + b;
                    for (var o = 0; o < width; o++)
                    {
                        var zi = z[b * width + o];
                        var a = zi > 0 ? zi : 0f;
                        if (reg.Dropout > 0 && b < nb) a = DropoutMask.Keep(dropoutSeed, pos, l, o, reg.Dropout) ? a * keepScale : 0f;
                        h[b * width + o] = a;
                    }
                }
                input = h;
            }

            var dhTop = hidden.Count > 0 ? ws.DH[hidden.Count - 1] : ws.DX;
            for (var b = 0; b < B; b++)
            {
                var dhb = dhTop.AsSpan(b * outIn, outIn);
                if (b >= nb) { delta[b] = 0; dhb.Clear(); continue; }
                var pos = batch.Start + j0 + b;
                var u = batch.Users[pos];
                var m = batch.Movies[pos];
                var p = new ReadOnlySpan<float>(P, u * d, d);
                var q = new ReadOnlySpan<float>(Q, m * d, d);
                var inb = new ReadOnlySpan<float>(input, b * outIn, outIn);
                var y = output.Bias.Value.Data[0] + TensorPrimitives.Dot(outW, inb);
                var pred = global + Bu[u] + Bi[m] + TensorPrimitives.Dot(p, e.AsSpan(b * d, d)) + y;
                var err = pred - batch.Ratings[pos];
                ws.SquaredError += (double)err * err;
                ws.AbsoluteError += Math.Abs(err);
                ws.RegLoss += reg.Embedding * (TensorPrimitives.Dot(p, p) + TensorPrimitives.Dot(q, q))
                              + reg.Bias * (Bu[u] * Bu[u] + Bi[m] * Bi[m]);
                var db = delta[b] = 2 * err / n;
                gGlobal[0] += db;
                gOutB[0] += db;
                TensorPrimitives.MultiplyAdd(inb, db, gOutW, gOutW);
                // dL/d(input of out) = delta · out.weight
                TensorPrimitives.Multiply(outW, db, dhb);
            }

            // Back through the hidden layers, a block at a time.
            for (var l = hidden.Count - 1; l >= 0; l--)
            {
                var layer = hidden[l];
                var width = layer.OutFeatures;
                var z = ws.Z[l];
                var dz = ws.DZ[l];
                var dh = ws.DH[l];
                for (var b = 0; b < B; b++)
                {
                    var pos = batch.Start + j0 + b;
                    for (var o = 0; o < width; o++)
                    {
                        var gz = z[b * width + o] > 0 ? dh[b * width + o] : 0f;
                        if (reg.Dropout > 0 && b < nb) gz = DropoutMask.Keep(dropoutSeed, pos, l, o, reg.Dropout) ? gz * keepScale : 0f;
                        dz[b * width + o] = gz;
                    }
                }
                var layerInput = l == 0 ? x : ws.H[l - 1];
                var gW = ws.Grad[ws.HiddenWeightIndex(l)];
                var gB = ws.Grad[ws.HiddenWeightIndex(l) + 1];
                for (var b = 0; b < nb; b++) TensorPrimitives.Add(gB, dz.AsSpan(b * width, width), gB);
                BlockKernels.AccumulateWeightGradient(gW, layer.InFeatures, width, dz, layerInput);
                BlockKernels.BackpropagateInput(layer.Weight.Value.Data, layer.InFeatures, width, dz, l == 0 ? ws.DX : ws.DH[l - 1]);
            }

            for (var b = 0; b < nb; b++)
            {
                var j = j0 + b;
                var pos = batch.Start + j;
                var u = batch.Users[pos];
                var m = batch.Movies[pos];
                var p = new ReadOnlySpan<float>(P, u * d, d);
                var q = new ReadOnlySpan<float>(Q, m * d, d);
                var g = new ReadOnlySpan<float>(G, m * genres, genres);
                var dx = ws.DX.AsSpan(b * inW0, inW0); // d loss / d [p, q, g]
                var db = delta[b];
                var gp = grads.UserRows.AsSpan(j * d, d);
                var gq = grads.MovieRows.AsSpan(j * d, d);
                // dp = delta e + dx_p + 2λ p / B ;  dq = delta p + dx_q + 2λ q / B
                TensorPrimitives.MultiplyAdd(e.AsSpan(b * d, d), db, dx[..d], gp);
                TensorPrimitives.MultiplyAdd(p, regScaleE, gp, gp);
                TensorPrimitives.MultiplyAdd(p, db, dx.Slice(d, d), gq);
                TensorPrimitives.MultiplyAdd(q, regScaleE, gq, gq);
                grads.UserBiasRows[j] = db + regScaleB * Bu[u];
                grads.MovieBiasRows[j] = db + regScaleB * Bi[m];
                for (var k = 0; k < genres; k++)
                    if (g[k] != 0)
                    {
                        var row = gGenreT.AsSpan(k * d, d);
                        TensorPrimitives.MultiplyAdd(p, db * g[k], row, row);
                    }
            }
        }
    }

    private sealed class Workspace
    {
        public Workspace(HybridNetwork net, Parameter[] dense)
        {
            var s = net.Shape;
            const int b = BlockKernels.Block;
            X = new float[b * s.MlpInput];
            DX = new float[b * s.MlpInput];
            E = new float[b * s.Dim];
            Delta = new float[b];
            Z = net.Hidden.Select(l => new float[b * l.OutFeatures]).ToArray();
            H = net.Hidden.Select(l => new float[b * l.OutFeatures]).ToArray();
            DZ = net.Hidden.Select(l => new float[b * l.OutFeatures]).ToArray();
            DH = net.Hidden.Select(l => new float[b * l.OutFeatures]).ToArray();
            Grad = dense.Select(p => new float[p.Value.Length]).ToArray();
            OutWeightIndex = Array.IndexOf(dense, net.Output.Weight);
            _firstHidden = net.Hidden.Count > 0 ? Array.IndexOf(dense, net.Hidden[0].Weight) : -1;
        }

        private readonly int _firstHidden;
        public float[] X { get; }
        public float[] DX { get; }
        public float[] E { get; }
        public float[] Delta { get; }
        public float[][] Z { get; }
        public float[][] H { get; }
        public float[][] DZ { get; }
        public float[][] DH { get; }
        public float[][] Grad { get; }
        public int OutWeightIndex { get; }
        public double SquaredError, AbsoluteError, RegLoss;

        public int HiddenWeightIndex(int layer) => _firstHidden + 2 * layer;

        public void Reset()
        {
            foreach (var g in Grad) Array.Clear(g);
            SquaredError = AbsoluteError = RegLoss = 0;
        }
    }
}
