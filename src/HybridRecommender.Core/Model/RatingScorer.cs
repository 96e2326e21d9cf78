using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HybridRecommender.Core.Model;

/// <summary>
/// The one scoring path: the trainer's validation, the evaluator and the API all predict through
/// this class. It is an immutable snapshot of a <see cref="HybridWeights"/> with everything that
/// depends only on the movie computed once (e_i = q_i + W_g g_i, the movie half of fc1, the biases),
/// so a request only does the user-dependent work. Thread-safe.
/// </summary>
public sealed partial class RatingScorer : Evaluation.IRatingPredictor
{
    private readonly int _dim;
    private readonly int _movies;
    private readonly float[] _userEmbedding;   // [users, dim]
    private readonly float[] _userBias;        // [users]
    private readonly float[] _movieVector;     // [movies, dim]   e_i
    private readonly float[] _movieConstant;   // [movies]        global_bias + b_i (+ movie part of out when no hidden layer)
    private readonly float[] _movieHidden;     // [movies, h1]    fc1 movie half + fc1.bias (empty without hidden layers)
    private readonly float[] _fc1User;         // [h1, dim]       fc1 user half, contiguous per output
    private readonly int _h1;
    private readonly Linear[] _deeper;         // fc2..fcK (copied)
    private readonly float[] _outWeight;
    private readonly float _outBias;
    private readonly float[] _relevanceVector;   // [movies, dim]  relevance_embedding_i (empty without the head)
    private readonly float[] _relevanceConstant; // [movies]       relevance_bias_i
    private float[]? _relevanceVectorByDim;      // [dim, movies] the same vectors transposed: fold-in's logits as dim axpys over the catalogue
    // What turns one movie's rows (q, b, g) into its tables above, kept so rows added after training are computed the same way.
    private readonly int _genres;
    private readonly int _trainedMovies;
    private readonly float _globalBias;
    private readonly float[] _genreProjection; // [dim, genres]  W_g
    private readonly float[] _fc1Movie;        // [h1, dim + genres] fc1's movie half (q, g) (empty without hidden layers)
    private readonly float[] _fc1Bias;         // [h1]
    private readonly float[] _outMovie;        // [dim + genres] out's weights of (q, g) when there is no hidden layer (else empty)

    public RatingScorer(HybridWeights network, float minRating, float maxRating)
    {
        var s = network.Shape;
        Shape = s;
        MinRating = minRating;
        MaxRating = maxRating;
        _dim = s.Dim;
        _movies = s.Movies;
        _genres = s.Genres;
        _trainedMovies = s.Movies;
        _userEmbedding = (float[])network.UserEmbedding.Weight.Value.Data.Clone();
        _userBias = (float[])network.UserBias.Weight.Value.Data.Clone();
        var q = network.MovieEmbedding.Weight.Value.Data;
        var g = network.MovieGenres.Data;
        var movieBias = network.MovieBias.Weight.Value.Data;
        _genreProjection = (float[])network.GenreProjection.Value.Data.Clone();
        _globalBias = network.GlobalBias.Value.Data[0];

        var input = s.MlpInput;
        var movieInputWidth = input - _dim; // [q_i, g_i]
        if (network.Hidden.Count > 0)
        {
            var fc1 = network.Hidden[0];
            _h1 = fc1.OutFeatures;
            var w1 = fc1.Weight.Value.Data;
            _fc1User = new float[_h1 * _dim];
            _fc1Movie = new float[_h1 * movieInputWidth];
            for (var o = 0; o < _h1; o++)
            {
                w1.AsSpan(o * input, _dim).CopyTo(_fc1User.AsSpan(o * _dim, _dim));
                w1.AsSpan(o * input + _dim, movieInputWidth).CopyTo(_fc1Movie.AsSpan(o * movieInputWidth, movieInputWidth));
            }
            _fc1Bias = (float[])fc1.Bias.Value.Data.Clone();
            _outMovie = [];
            _deeper = network.Hidden.Skip(1).Select(Copy).ToArray();
            _outWeight = (float[])network.Output.Weight.Value.Data.Clone();
            _outBias = network.Output.Bias.Value.Data[0];
        }
        else
        {
            // No hidden layer: out is linear in [p, q, g]; its movie half is folded into the movie's constant.
            var w = network.Output.Weight.Value.Data;
            _h1 = 0;
            _fc1User = [];
            _fc1Movie = [];
            _fc1Bias = [];
            _deeper = [];
            _outWeight = w.AsSpan(0, _dim).ToArray();
            _outMovie = w.AsSpan(_dim, movieInputWidth).ToArray();
            _outBias = network.Output.Bias.Value.Data[0];
        }

        _movieVector = new float[s.Movies * _dim];
        _movieConstant = new float[s.Movies];
        _movieHidden = new float[s.Movies * _h1];
        // Each movie's tables depend on its rows alone: in parallel over blocks of movies (fc1's movie half is most of a large
        // catalogue's load time: 1M × 64 × 114 multiply-adds), each movie computed exactly as one at a time.
        Parallel.For(0, (s.Movies + TableBlock - 1) / TableBlock, block =>
        {
            for (int m = block * TableBlock, end = Math.Min(s.Movies, m + TableBlock); m < end; m++)
                _movieConstant[m] = MovieTables(q.AsSpan(m * _dim, _dim), g.AsSpan(m * s.Genres, s.Genres), movieBias[m],
                    _movieVector.AsSpan(m * _dim, _dim), _movieHidden.AsSpan(m * _h1, _h1));
        });

        (_relevanceVector, _relevanceConstant) = RelevanceTables(network);
    }

    private const int TableBlock = 4_096;

    // The transposed relevance vectors, built on first use: only fold-in reads them, and at a million movies they are 384 MB and
    // most of a second that a server which folds nobody in never spends.
    private float[] RelevanceVectorByDim =>
        _relevanceVector.Length == 0 ? [] : LazyInitializer.EnsureInitialized(ref _relevanceVectorByDim, () => Transpose(_relevanceVector, _movies, _dim));

    private static float[] Transpose(float[] rows, int count, int width)
    {
        var columns = new float[rows.Length];
        // Blocks of movies in parallel; within one, each column's run is written contiguously.
        Parallel.For(0, (count + TableBlock - 1) / TableBlock, block =>
        {
            var first = block * TableBlock;
            var end = Math.Min(count, first + TableBlock);
            for (var d = 0; d < width; d++)
                for (var m = first; m < end; m++) columns[d * count + m] = rows[m * width + d];
        });
        return columns;
    }

    /// <summary>
    /// One movie's tables from its rows: e = q + W_g g into <paramref name="vector"/>, fc1's movie half plus its bias into
    /// <paramref name="hidden"/> (empty without hidden layers); returns the constant global_bias + b (+ out's movie half when
    /// there is no hidden layer). Trained rows and rows added after training go through this one method.
    /// </summary>
    private float MovieTables(ReadOnlySpan<float> q, ReadOnlySpan<float> g, float bias, Span<float> vector, Span<float> hidden)
    {
        q.CopyTo(vector);
        for (var k = 0; k < _genres; k++)
        {
            var gk = g[k];
            if (gk == 0) continue;
            for (var d = 0; d < _dim; d++) vector[d] += _genreProjection[d * _genres + k] * gk;
        }
        var constant = _globalBias + bias;
        if (_h1 == 0)
            return constant + (TensorPrimitives.Dot(_outMovie.AsSpan(0, _dim), q) + TensorPrimitives.Dot(_outMovie.AsSpan(_dim, _genres), g));
        var width = _dim + _genres;
        Span<float> x = stackalloc float[width];
        q.CopyTo(x);
        g.CopyTo(x[_dim..]);
        for (var o = 0; o < _h1; o++)
            hidden[o] = _fc1Bias[o] + TensorPrimitives.Dot(new ReadOnlySpan<float>(_fc1Movie, o * width, width), x);
        return constant;
    }

    // Per movie, everything of the relevance head that does not depend on the user: one fused dot per movie remains.
    private static (float[] Vectors, float[] Constants) RelevanceTables(HybridWeights network)
    {
        if (network.RelevanceEmbedding is null) return ([], []);
        // Copies, so a scorer is a snapshot of the weights it was built from (the trainer keeps training them).
        return ((float[])network.RelevanceEmbedding.Weight.Value.Data.Clone(), (float[])network.RelevanceBias!.Weight.Value.Data.Clone());
    }

    public HybridNetworkShape Shape { get; }
    public float MinRating { get; }
    public float MaxRating { get; }
    public int MovieCount => _movies;
    public int UserCount => Shape.Users;

    /// <summary>The learned movie representation e_i = q_i + W_g g_i (used for similarity).</summary>
    public ReadOnlySpan<float> MovieVector(int movie) => new(_movieVector, movie * _dim, _dim);

    /// <summary>The trained user's side of the model (a copy of row <paramref name="user"/> of p and b_u).</summary>
    public UserProfile TrainedProfile(int user)
    {
        CheckUser(user);
        return new UserProfile(_userEmbedding.AsSpan(user * _dim, _dim).ToArray(), _userBias[user]);
    }

    /// <summary>Predicted rating of one (user index, movie index), clamped to the rating scale.</summary>
    public float Predict(int user, int movie)
    {
        CheckUser(user);
        return Predict(UserVector(user), _userBias[user], movie);
    }

    /// <summary>Predicted rating of one movie for any user profile (trained or folded in), clamped to the rating scale.</summary>
    public float Predict(UserProfile profile, int movie) => Predict(CheckProfile(profile), profile.Bias, movie);

    /// <summary>Predicted ratings of every movie for one user; <paramref name="scores"/> has one slot per movie index.</summary>
    public void ScoreAll(int user, Span<float> scores)
    {
        CheckUser(user);
        RawScoreAll(UserVector(user), _userBias[user], scores);
        for (var m = 0; m < _movies; m++) scores[m] = Math.Clamp(scores[m], MinRating, MaxRating);
    }

    /// <summary>
    /// The network's unclamped output for every movie, for ranking: clamping maps every movie the
    /// network puts above the top of the scale to the same value, which would turn the top of a
    /// list into a tie. Clamping is monotonic, so this order agrees with <see cref="ScoreAll"/>.
    /// </summary>
    public void RawScoreAll(int user, Span<float> scores)
    {
        CheckUser(user);
        RawScoreAll(UserVector(user), _userBias[user], scores);
    }

    /// <summary>The unclamped output for every movie for any user profile (trained or folded in); see <see cref="RawScoreAll(int, Span{float})"/>.</summary>
    public void RawScoreAll(UserProfile profile, Span<float> scores) => RawScoreAll(CheckProfile(profile), profile.Bias, scores);

    private float Predict(ReadOnlySpan<float> p, float bias, int movie)
    {
        if ((uint)movie >= (uint)_movies) throw new ArgumentOutOfRangeException(nameof(movie));
        Span<float> userHidden = stackalloc float[Math.Max(_h1, 1)];
        var scratch = RentScratch();
        PrepareUser(p, userHidden);
        return Math.Clamp(RawScore(p, bias, movie, userHidden, scratch), MinRating, MaxRating);
    }

    private void RawScoreAll(ReadOnlySpan<float> p, float bias, Span<float> scores)
    {
        if (scores.Length != _movies) throw new ArgumentException($"Expected {_movies} score slots; got {scores.Length}.", nameof(scores));
        Span<float> userHidden = stackalloc float[Math.Max(_h1, 1)];
        var scratch = RentScratch();
        PrepareUser(p, userHidden);
        for (var m = 0; m < _movies; m++) scores[m] = RawScore(p, bias, m, userHidden, scratch);
    }

    private ReadOnlySpan<float> UserVector(int user) => new(_userEmbedding, user * _dim, _dim);

    /// <summary>Whether the weights have the relevance head (else <see cref="RelevanceScoreAll(int, Span{float})"/> throws).</summary>
    public bool HasRelevanceHead => _relevanceConstant.Length > 0;

    /// <summary>
    /// The relevance head's score of every movie for one user, s(u, i) = p_u · v_i + relevance_bias_i with
    /// v_i = relevance_embedding_i: higher = more likely to be chosen. A logit of the softmax over the catalogue, not a rating.
    /// </summary>
    public void RelevanceScoreAll(int user, Span<float> scores)
    {
        CheckUser(user);
        RelevanceScoreAll(UserVector(user), scores);
    }

    /// <summary>The relevance head for any user profile (trained or folded in: it shares p_u with the rating head).</summary>
    public void RelevanceScoreAll(UserProfile profile, Span<float> scores) => RelevanceScoreAll(CheckProfile(profile), scores);

    /// <summary>
    /// The ranking score: relevance + <paramref name="ratingWeight"/> · unclamped r̂ (docs/MODEL.md, "Ranking").
    /// With weight 0 it is <see cref="RelevanceScoreAll(int, Span{float})"/> exactly; without a relevance head, r̂ alone.
    /// </summary>
    public void RankScoreAll(int user, Span<float> scores, float ratingWeight)
    {
        CheckUser(user);
        RankScoreAll(UserVector(user), _userBias[user], scores, ratingWeight);
    }

    /// <summary>The ranking score for any user profile (trained or folded in).</summary>
    public void RankScoreAll(UserProfile profile, Span<float> scores, float ratingWeight) =>
        RankScoreAll(CheckProfile(profile), profile.Bias, scores, ratingWeight);

    private void RelevanceScoreAll(ReadOnlySpan<float> p, Span<float> scores)
    {
        if (!HasRelevanceHead) throw new InvalidOperationException("These weights have no relevance head; retrain with --relevance-weight > 0.");
        if (scores.Length != _movies) throw new ArgumentException($"Expected {_movies} score slots; got {scores.Length}.", nameof(scores));
        for (var m = 0; m < _movies; m++)
            scores[m] = _relevanceConstant[m] + FusedDot(p, new ReadOnlySpan<float>(_relevanceVector, m * _dim, _dim));
    }

    private void RankScoreAll(ReadOnlySpan<float> p, float bias, Span<float> scores, float ratingWeight)
    {
        if (!HasRelevanceHead) { RawScoreAll(p, bias, scores); return; }
        RelevanceScoreAll(p, scores);
        if (ratingWeight == 0) return;
        var rented = System.Buffers.ArrayPool<float>.Shared.Rent(_movies);
        try
        {
            var raw = rented.AsSpan(0, _movies);
            RawScoreAll(p, bias, raw);
            TensorPrimitives.MultiplyAdd(raw, ratingWeight, scores, scores);
        }
        finally { System.Buffers.ArrayPool<float>.Shared.Return(rented); }
    }

    private void CheckUser(int user)
    {
        if ((uint)user >= (uint)Shape.Users) throw new ArgumentOutOfRangeException(nameof(user));
    }

    private ReadOnlySpan<float> CheckProfile(UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Vector is null || profile.Vector.Length != _dim)
            throw new ArgumentException($"A user profile's vector must have the model's dimension {_dim}; got {profile.Vector?.Length ?? 0}.", nameof(profile));
        return profile.Vector;
    }

    private float[][] RentScratch()
    {
        // Only layers after fc1 need buffers: the default shape scores with no allocation at all.
        if (_deeper.Length == 0) return [];
        var widths = _deeper.Select(l => l.OutFeatures).Prepend(Math.Max(_h1, 1)).ToArray();
        return widths.Select(w => new float[w]).ToArray();
    }

    private void PrepareUser(ReadOnlySpan<float> p, Span<float> userHidden)
    {
        for (var o = 0; o < _h1; o++) userHidden[o] = TensorPrimitives.Dot(new ReadOnlySpan<float>(_fc1User, o * _dim, _dim), p);
    }

    // The whole formula for one pair; every public entry point ends here. The default shape (one
    // hidden layer) is fused into two SIMD loops: per movie that is ~40 vector instructions, where
    // four separate TensorPrimitives calls on 64–96 floats spent most of their time in call and
    // remainder handling (≈ 80 ns per movie before, see docs/BENCHMARKS.md).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private float RawScore(ReadOnlySpan<float> p, float bias, int movie, ReadOnlySpan<float> userHidden, float[][] scratch) =>
        RawScore(p, bias, new ReadOnlySpan<float>(_movieVector, movie * _dim, _dim), _movieConstant[movie],
            new ReadOnlySpan<float>(_movieHidden, movie * _h1, _h1), userHidden, scratch);

    // The same for a movie given by its tables (MovieTables), not its row index: item fold-in's trial rows.
    private float RawScore(ReadOnlySpan<float> p, float bias, ReadOnlySpan<float> movieVector, float movieConstant, ReadOnlySpan<float> movieHidden,
        ReadOnlySpan<float> userHidden, float[][] scratch)
    {
        var r = movieConstant + bias + _outBias + FusedDot(p, movieVector);
        if (_h1 == 0) return r + FusedDot(_outWeight, p);

        if (_deeper.Length == 0) return r + ReluDot(userHidden[.._h1], movieHidden, _outWeight);

        var h = scratch[0].AsSpan(0, _h1);
        TensorPrimitives.Add(userHidden[.._h1], movieHidden, h);
        TensorPrimitives.Max(h, 0f, h);
        for (var k = 0; k < _deeper.Length; k++)
        {
            var next = scratch[k + 1].AsSpan();
            _deeper[k].Forward(scratch[k].AsSpan(0, _deeper[k].InFeatures), next);
            TensorPrimitives.Max(next, 0f, next);
        }
        return r + FusedDot(_outWeight, scratch[_deeper.Length].AsSpan(0, _outWeight.Length));
    }

    /// <summary>Σ a[k]·b[k] in a fixed order (two 8-lane accumulators, then the tail), so every caller gets identical bits.</summary>
    internal static float FusedDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var n = a.Length;
        var k = 0;
        var sum = 0f;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            ref var rb = ref MemoryMarshal.GetReference(b);
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (; k + 16 <= n; k += 16)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)k), Vector256.LoadUnsafe(ref rb, (nuint)k), acc0);
                acc1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)(k + 8)), Vector256.LoadUnsafe(ref rb, (nuint)(k + 8)), acc1);
            }
            for (; k + 8 <= n; k += 8)
                acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)k), Vector256.LoadUnsafe(ref rb, (nuint)k), acc0);
            sum = Vector256.Sum(acc0 + acc1);
        }
        for (; k < n; k++) sum = MathF.FusedMultiplyAdd(a[k], b[k], sum);
        return sum;
    }

    /// <summary>Σ w[k]·max(u[k] + m[k], 0): fc1's ReLU and the output layer in one pass.</summary>
    internal static float ReluDot(ReadOnlySpan<float> u, ReadOnlySpan<float> m, ReadOnlySpan<float> w)
    {
        var n = u.Length;
        var k = 0;
        var sum = 0f;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            ref var ru = ref MemoryMarshal.GetReference(u);
            ref var rm = ref MemoryMarshal.GetReference(m);
            ref var rw = ref MemoryMarshal.GetReference(w);
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (; k + 16 <= n; k += 16)
            {
                var h0 = Vector256.Max(Vector256.LoadUnsafe(ref ru, (nuint)k) + Vector256.LoadUnsafe(ref rm, (nuint)k), Vector256<float>.Zero);
                var h1 = Vector256.Max(Vector256.LoadUnsafe(ref ru, (nuint)(k + 8)) + Vector256.LoadUnsafe(ref rm, (nuint)(k + 8)), Vector256<float>.Zero);
                acc0 = Vector256.FusedMultiplyAdd(h0, Vector256.LoadUnsafe(ref rw, (nuint)k), acc0);
                acc1 = Vector256.FusedMultiplyAdd(h1, Vector256.LoadUnsafe(ref rw, (nuint)(k + 8)), acc1);
            }
            for (; k + 8 <= n; k += 8)
            {
                var h0 = Vector256.Max(Vector256.LoadUnsafe(ref ru, (nuint)k) + Vector256.LoadUnsafe(ref rm, (nuint)k), Vector256<float>.Zero);
                acc0 = Vector256.FusedMultiplyAdd(h0, Vector256.LoadUnsafe(ref rw, (nuint)k), acc0);
            }
            sum = Vector256.Sum(acc0 + acc1);
        }
        for (; k < n; k++) sum = MathF.FusedMultiplyAdd(MathF.Max(u[k] + m[k], 0f), w[k], sum);
        return sum;
    }

    private static Linear Copy(Linear l)
    {
        var c = new Linear("copy", l.InFeatures, l.OutFeatures);
        l.Weight.Value.Data.CopyTo(c.Weight.Value.Data, 0);
        l.Bias.Value.Data.CopyTo(c.Bias.Value.Data, 0);
        return c;
    }
}
