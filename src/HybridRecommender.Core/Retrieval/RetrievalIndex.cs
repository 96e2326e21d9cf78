using System.Numerics.Tensors;
using Cloud.Unum.USearch;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Core.Retrieval;

/// <summary>
/// An approximate maximum-inner-product index (USearch HNSW) over the linear part of the served score, so a request can fetch
/// its best candidates without scoring the catalogue. For a user vector p and rating share β, that part is
/// <c>l(u, i) = (p · v_i + c_i) + β (p · e_i + b_i)</c>: the relevance head s(u, i) whole, plus β times the rating head's
/// bilinear term and movie constant (global + movie bias). It leaves out only the rating head's MLP, b_u (the same for every movie)
/// and the item–item term. Movie i is stored as x_i = [v_i, e_i, c_i, b_i] turned into a unit vector by the standard reduction of
/// MIPS to a search among unit vectors: y_i = [x_i, √(N² − ‖x_i‖²)] / N with N the largest ‖x_i‖, queried with [p, β p, 1, β, 0];
/// then q · y_i = l(u, i) / N, one positive factor for every movie, so the inner-product order is l's order for any β (trained
/// users' β and folded-in users' β_f share one index), and the graph is built among unit vectors (cosine geometry).
/// Covers movie indices [0, <see cref="Count"/>); rows added after it was built are not in it. Search is thread-safe.
/// </summary>
public sealed class RetrievalIndex : IDisposable
{
    /// <summary>Graph degree (HNSW M, USearch's default) and insertion breadth (≈ 0.2 ms per movie here at 1M movies, float16).</summary>
    public const int Connectivity = 16;
    public const int ExpansionAdd = 64;

    /// <summary>
    /// How the index stores each vector: half precision. A search's time goes to fetching the vectors it visits from memory (a 1M-movie
    /// index is ≈ 0.9 GB in float32); float16 halves that and the index's memory, and its rounding (relative 2⁻¹¹ per component) is far
    /// below the gaps the second stage re-scores exactly (docs/BENCHMARKS.md, "Serving at scale").
    /// </summary>
    public const ScalarKind Storage = ScalarKind.Float16;

    // A stored unit vector read back differs from the weights' by at most float16's rounding: ‖error‖ ≤ 2⁻¹¹ ≈ 4.9e-4.
    private const float StoredTolerance = 1e-3f;

    private readonly USearchIndex _index;
    private readonly int _dim;

    private RetrievalIndex(USearchIndex index, int count, int dim)
    {
        _index = index;
        Count = count;
        _dim = dim;
    }

    /// <summary>Movies covered: indices [0, Count).</summary>
    public int Count { get; }

    /// <summary>Width of the stored vectors: twice the embedding width + 3.</summary>
    public int Dimensions => 2 * _dim + 3;

    /// <summary>Builds the index over the scorer's first <paramref name="movies"/> movies (all by default); single-threaded.</summary>
    public static RetrievalIndex Build(RatingScorer scorer, int? movies = null, IProgress<int>? progress = null)
    {
        CheckHead(scorer);
        var count = movies ?? scorer.MovieCount;
        if (count <= 0 || count > scorer.MovieCount) throw new ArgumentOutOfRangeException(nameof(movies), $"Expected 1 … {scorer.MovieCount} movies; got {count}.");
        var dim = scorer.Shape.Dim;
        var scale = NormScale(scorer, count);
        var index = new USearchIndex(MetricKind.Ip, Storage, (ulong)(2 * dim + 3), Connectivity, ExpansionAdd);
        try
        {
            // In batches: the wrapper grows the index's capacity once per call, not once per vector.
            const int batch = 10_000;
            for (var first = 0; first < count; first += batch)
            {
                var size = Math.Min(batch, count - first);
                var keys = new ulong[size];
                var vectors = new float[size][];
                for (var k = 0; k < size; k++)
                {
                    keys[k] = (ulong)(first + k);
                    Stored(scorer, first + k, scale, vectors[k] = new float[2 * dim + 3]);
                }
                index.Add(keys, vectors);
                progress?.Report(first + size);
            }
            return new RetrievalIndex(index, count, dim);
        }
        catch { index.Dispose(); throw; }
    }

    /// <summary>
    /// Loads an index written by <see cref="Save"/> and checks that it is this scorer's: the movie count, the width, and the stored
    /// vectors of 64 movies spread over the catalogue against the ones the weights give. Throws <see cref="InvalidDataException"/> saying
    /// which check failed (the weights were retrained, or the file belongs to another bundle).
    /// </summary>
    public static RetrievalIndex Load(string path, RatingScorer scorer, int movies)
    {
        CheckHead(scorer);
        if (!File.Exists(path)) throw new FileNotFoundException($"No retrieval index at {path}.", path);
        USearchIndex index;
        // Memory-mapped, not loaded: USearch's load copies every node into its own allocation (7–11 s for 1M movies on a busy VM),
        // a view is ready in under a second. A sequential read in the background then puts the file in the page cache, so the first
        // searches do not wait on the disk for the pages they touch. Save replaces the file by a rename, so a mapped index stays whole.
        try { index = new USearchIndex(path, view: true); }
        catch (USearchException e) { throw new InvalidDataException($"{path} is not a USearch index: {e.Message}", e); }
        try
        {
            var dim = scorer.Shape.Dim;
            if ((long)index.Size() != movies || (long)index.Dimensions() != 2 * dim + 3)
                throw new InvalidDataException($"{path} holds {index.Size()} vectors of width {index.Dimensions()}; the model needs {movies} of width {2 * dim + 3}.");
            var scale = NormScale(scorer, movies);
            var expected = new float[2 * dim + 3];
            for (var s = 0; s < 64; s++)
            {
                var m = (int)((long)s * (movies - 1) / 63);
                Stored(scorer, m, scale, expected);
                if (index.Get((ulong)m, out float[] stored) != 1 || TensorPrimitives.Distance(stored, expected) > StoredTolerance)
                    throw new InvalidDataException($"{path} does not match the model at movie index {m}: it was built from other weights.");
            }
            _ = Task.Run(() => ReadThrough(path));
            return new RetrievalIndex(index, movies, dim);
        }
        catch { index.Dispose(); throw; }
    }

    // Reads the file once, front to back, and drops the bytes: the kernel keeps them in its page cache for the mapping.
    private static void ReadThrough(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            var buffer = new byte[1 << 20];
            while (file.Read(buffer) > 0) { }
        }
        catch (IOException) { } // only a warm-up: the mapping still reads whatever it needs
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Writes the index (a USearch file) to <paramref name="path"/>, via a temporary file so a reader never sees half of it.</summary>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        _index.Save(temporary);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// The indices of up to <paramref name="count"/> movies with the highest l(u, i) for user vector <paramref name="profile"/> and rating
    /// share <paramref name="ratingWeight"/>, approximately (HNSW explores max(count, USearch's search breadth) nodes), best first.
    /// </summary>
    public int[] Search(ReadOnlySpan<float> profile, float ratingWeight, int count)
    {
        if (profile.Length != _dim) throw new ArgumentException($"A user vector of width {_dim} is needed; got {profile.Length}.", nameof(profile));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var query = new float[2 * _dim + 3];
        profile.CopyTo(query);
        TensorPrimitives.Multiply(profile, ratingWeight, query.AsSpan(_dim, _dim));
        query[2 * _dim] = 1;
        query[2 * _dim + 1] = ratingWeight;
        // A unit query keeps USearch's inner-product distance 1 − q·y within [0, 2], as between stored vectors; the order is unchanged.
        TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), query);
        var found = _index.Search(query, Math.Min(count, Count), out var keys, out _);
        var movies = new int[found];
        for (var k = 0; k < found; k++) movies[k] = (int)keys[k];
        return movies;
    }

    /// <summary>
    /// l(u, i) for one movie, exactly (in float32): what the index orders movies by, up to its one positive factor. For a narrow filter
    /// the movies it accepts are ranked by this directly (<see cref="TwoStageRanking"/>).
    /// </summary>
    public static float LinearPart(RatingScorer scorer, ReadOnlySpan<float> profile, float ratingWeight, int movie) =>
        scorer.RelevanceBias(movie) + TensorPrimitives.Dot(profile, scorer.RelevanceVector(movie))
        + ratingWeight * (scorer.RatingConstant(movie) + TensorPrimitives.Dot(profile, scorer.MovieVector(movie)));

    public void Dispose() => _index.Dispose();

    private static void CheckHead(RatingScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (!scorer.HasRelevanceHead) throw new InvalidOperationException("Two-stage retrieval needs the relevance head; these weights have none.");
    }

    // N = max ‖x_i‖ over the indexed movies (1 when every row is zero).
    private static float NormScale(RatingScorer scorer, int count)
    {
        var max = 0d;
        for (var m = 0; m < count; m++)
        {
            var v = scorer.RelevanceVector(m);
            var e = scorer.MovieVector(m);
            double c = scorer.RelevanceBias(m), b = scorer.RatingConstant(m);
            max = Math.Max(max, TensorPrimitives.Dot(v, v) + TensorPrimitives.Dot(e, e) + c * c + b * b);
        }
        return max > 0 ? (float)Math.Sqrt(max) : 1f;
    }

    private static void Stored(RatingScorer scorer, int movie, float scale, Span<float> y)
    {
        var dim = scorer.Shape.Dim;
        TensorPrimitives.Divide(scorer.RelevanceVector(movie), scale, y[..dim]);
        TensorPrimitives.Divide(scorer.MovieVector(movie), scale, y.Slice(dim, dim));
        y[2 * dim] = scorer.RelevanceBias(movie) / scale;
        y[2 * dim + 1] = scorer.RatingConstant(movie) / scale;
        var squared = TensorPrimitives.Dot(y[..(2 * dim + 2)], y[..(2 * dim + 2)]);
        y[2 * dim + 2] = MathF.Sqrt(MathF.Max(0, 1 - squared));
    }
}
