using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Tests.Support;

/// <summary>
/// Tiny networks with every parameter set to O(1) random values (not the production init, whose
/// near-zero embeddings would hide wrong gradients), plus a double-precision reference of the
/// training loss written from the documented formula, independent of the code under test.
/// </summary>
public static class TinyNetwork
{
    /// <summary>Genre masks of the 5-movie tiny catalogue: one, two, none, three, one genre.</summary>
    public static readonly ulong[] GenreMasks = [0b001, 0b011, 0b000, 0b111, 0b100];

    public static HybridWeights Create(IReadOnlyList<int> hidden, int seed, int users = 4, int movies = 5, int genres = 3, int dim = 3, bool relevance = false)
    {
        var net = new HybridWeights(new HybridNetworkShape(users, movies, genres, dim, hidden, relevance));
        var rng = new Random(seed);
        foreach (var p in net.Parameters())
            for (var i = 0; i < p.Value.Length; i++) p.Value.Data[i] = (float)((rng.NextDouble() * 2 - 1) * 0.7);
        net.GlobalBias.Value.Data[0] = 3.5f;
        net.SetMovieGenres(Enumerable.Range(0, movies).Select(m => GenreMasks[m % GenreMasks.Length]).ToArray());
        return net;
    }

    /// <summary>
    /// The first seed from <paramref name="seed"/> on whose network every hidden pre-activation on
    /// <paramref name="batch"/> is at least <paramref name="margin"/> from the ReLU kink, so finite
    /// differences with a step well below the margin see one linear piece.
    /// </summary>
    public static HybridWeights CreateAwayFromKinks(IReadOnlyList<int> hidden, int seed, RatingBatch batch, RegularisationOptions reg, double margin,
        double absoluteErrorWeight = 0)
    {
        for (var s = seed; s < seed + 1000; s++)
        {
            var net = Create(hidden, s);
            ReferenceLoss(net.Shape, Weights(net), net.MovieGenres.Data, batch, reg, absoluteErrorWeight, null, out var minAbsZ);
            if (minAbsZ >= margin) return net;
        }
        throw new InvalidOperationException("No seed keeps the hidden units (and, with γ > 0, the errors) away from their kinks.");
    }

    public static void Set(HybridWeights net, string name, params float[] values)
    {
        var t = net.StateDict()[name];
        Assert.Equal(t.Length, values.Length);
        values.CopyTo(t.Data, 0);
    }

    /// <summary>Copies of every trainable tensor, in double, by name.</summary>
    public static Dictionary<string, double[]> Weights(HybridWeights net) =>
        net.Parameters().ToDictionary(p => p.Name, p => p.Value.Data.Select(v => (double)v).ToArray());

    /// <summary>Names of the dense weights that L2 (λ_w) applies to, as documented in docs/MODEL.md.</summary>
    public static bool Decays(string name) =>
        name == "genre_projection.weight" || (name.EndsWith(".weight", StringComparison.Ordinal) && name.StartsWith("fc", StringComparison.Ordinal)) || name == "out.weight";

    /// <summary>
    /// The regularised batch loss in double precision:
    /// (1/B) Σ [(r̂ − r)² + γ|r̂ − r| + λe(‖p‖² + ‖q‖²) + λb(b_u² + b_i²)] + λw Σ‖W‖² (no dropout), γ = <paramref name="absoluteErrorWeight"/>.
    /// <paramref name="pattern"/> receives, per hidden unit, whether its pre-activation is positive
    /// (to detect a perturbation crossing a ReLU kink); <paramref name="minAbsZ"/> the closest approach to a kink
    /// (a hidden pre-activation, or with γ &gt; 0 an error r̂ − r: |·| has its kink at 0).
    /// </summary>
    public static double ReferenceLoss(HybridNetworkShape s, Dictionary<string, double[]> w, float[] movieGenres, RatingBatch batch,
        RegularisationOptions reg, double absoluteErrorWeight, List<bool>? pattern, out double minAbsZ)
    {
        var d = s.Dim;
        var G = s.Genres;
        var P = w["user_embedding.weight"];
        var Q = w["movie_embedding.weight"];
        var Bu = w["user_bias.weight"];
        var Bi = w["movie_bias.weight"];
        var Wg = w["genre_projection.weight"];
        minAbsZ = double.PositiveInfinity;
        double sum = 0;
        for (var j = 0; j < batch.Count; j++)
        {
            var pos = j;
            int u = batch.Users[pos], m = batch.Movies[pos];
            var p = P.AsSpan(u * d, d).ToArray();
            var q = Q.AsSpan(m * d, d).ToArray();
            var g = movieGenres.AsSpan(m * G, G).ToArray().Select(v => (double)v).ToArray();
            double dot = 0;
            for (var i = 0; i < d; i++)
            {
                var e = q[i];
                for (var k = 0; k < G; k++) e += Wg[i * G + k] * g[k];
                dot += p[i] * e;
            }
            var h = p.Concat(q).Concat(g).ToArray();
            for (var l = 0; l < s.Hidden.Count; l++)
            {
                var W = w[$"fc{l + 1}.weight"];
                var b = w[$"fc{l + 1}.bias"];
                var next = new double[s.Hidden[l]];
                for (var o = 0; o < next.Length; o++)
                {
                    var z = b[o];
                    for (var i = 0; i < h.Length; i++) z += W[o * h.Length + i] * h[i];
                    minAbsZ = Math.Min(minAbsZ, Math.Abs(z));
                    pattern?.Add(z > 0);
                    next[o] = Math.Max(z, 0);
                }
                h = next;
            }
            var outW = w["out.weight"];
            var y = w["out.bias"][0];
            for (var i = 0; i < h.Length; i++) y += outW[i] * h[i];
            var pred = w["global_bias"][0] + Bu[u] + Bi[m] + dot + y;
            var err = pred - batch.Ratings[pos];
            if (absoluteErrorWeight > 0) minAbsZ = Math.Min(minAbsZ, Math.Abs(err));
            sum += err * err + absoluteErrorWeight * Math.Abs(err)
                   + reg.Embedding * (p.Sum(v => v * v) + q.Sum(v => v * v))
                   + reg.Bias * (Bu[u] * Bu[u] + Bi[m] * Bi[m]);
        }
        var dense = w.Where(kv => Decays(kv.Key)).Sum(kv => kv.Value.Sum(v => v * v));
        return sum / batch.Count + reg.Dense * dense;
    }

    /// <summary>A batch with user 0 three times, user 1 twice, movie 1 and movie 2 twice, and movie 2 having no genres.</summary>
    public static RatingBatch SampleBatch() => new(
        Users: [0, 1, 0, 2, 3, 0, 1],
        Movies: [1, 1, 4, 0, 2, 3, 2],
        Ratings: [4f, 2f, 5f, 3f, 1f, 4.5f, 2.5f]);
}

/// <summary>Ratings as parallel arrays of user rows, movie rows and values.</summary>
public sealed record RatingBatch(int[] Users, int[] Movies, float[] Ratings)
{
    public int Count => Users.Length;
}
