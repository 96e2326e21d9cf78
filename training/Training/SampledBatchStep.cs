using System.Numerics;
using System.Runtime.Intrinsics.X86;
using HybridRecommender.Core.Training;
using HybridRecommender.Training.Model;
using TorchSharp;
using static TorchSharp.torch;
using static HybridRecommender.Training.NativeMemory;

namespace HybridRecommender.Training;

/// <summary>
/// The scalable objective (docs/MODEL.md, "Training at scale"). Per batch it copies the table rows the batch reads — one
/// row per rating for the user and movie tables, one per positive and per sampled negative for the relevance head — into
/// leaf tensors, computes the same rating loss as the exact step and the relevance head's <b>sampled softmax with a log-Q
/// correction</b> (<see cref="SampledRelevanceLoss"/>), sums each leaf row's gradient into its table row and steps the
/// tables with <see cref="LazyRowAdam"/> on those rows; the small dense weights (global bias, genre projection, MLP) step
/// with torch.optim.Adam. Nothing costs users × movies, and no step touches a row the batch did not.
/// <para>
/// libtorch runs the forward and backward pass on one core. The managed work — summing the gradient rows, the row Adam,
/// finding and copying the next batch's rows, drawing its negatives — runs on a <see cref="StepWorker"/> on the other core
/// (CPU, more than one thread). With <see cref="TrainingOptions.OverlapRowUpdates"/> it runs <b>while</b> the next batch's
/// forward and backward pass run, so that batch reads its table rows one row update behind (the dense weights are never
/// behind); without it, each batch sees every update before it, as the exact step does. Either way the order of every
/// operation is fixed, so a seed gives the same weights on any thread count.
/// </para>
/// </summary>
public sealed class SampledBatchStep : IBatchStep
{
    private readonly HybridNetwork _network;
    private readonly TrainingOptions _options;
    private readonly int[][] _trainMovies;
    private readonly PopularityNegativeSampler? _sampler;
    private readonly Table _userVectors, _userBias, _movieVectors, _movieBias;
    private readonly Table? _relevanceVectors, _relevanceBias;
    private readonly nint _genreData;
    private readonly int _dim, _genres, _negatives;
    private readonly TouchedRows _users, _movies, _relevance;
    private readonly BatchBuffers[] _buffers;
    private readonly StepWorker? _worker;
    private float[] _mergedVectors = [], _mergedBias = [];

    // The job's arguments, set by the calling thread before the job runs (on the worker or inline).
    private Gradients? _applyOf;
    private (EpochBatches Epoch, TrainingBatch Batch, BatchBuffers Into)? _prepareOf;
    // Gradients of the last step, not applied yet; those the job in flight applies; the buffer it prepares.
    private Gradients? _pending, _inFlight;
    private BatchBuffers? _ready;

    /// <summary>The state-dict names of the tables stepped row by row; every other parameter is dense.</summary>
    public static readonly string[] TableNames =
        ["user_embedding.weight", "user_bias.weight", "movie_embedding.weight", "movie_bias.weight", "relevance_embedding.weight", "relevance_bias.weight"];

    private sealed record Table(LazyRowAdam Adam, nint Data);

    public SampledBatchStep(HybridNetwork network, TrainingOptions options, int[][] trainMovies, IReadOnlyList<int> movieTrainCounts, Device device)
    {
        if (device.type != DeviceType.CPU)
            throw new ArgumentException("The sampled objective's row updates run on the CPU; train with --device cpu, or raise --sampled-above to train this data set with the exact objective.");
        _network = network;
        _options = options;
        _trainMovies = trainMovies;
        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Table Of(string name) => new(new LazyRowAdam(parameters[name]), AddressOf(parameters[name]));
        _userVectors = Of("user_embedding.weight");
        _userBias = Of("user_bias.weight");
        _movieVectors = Of("movie_embedding.weight");
        _movieBias = Of("movie_bias.weight");
        if (network.Shape.Relevance)
        {
            _relevanceVectors = Of("relevance_embedding.weight");
            _relevanceBias = Of("relevance_bias.weight");
            _sampler = new PopularityNegativeSampler(movieTrainCounts, options.Seed ^ 0x4E47);
        }
        _genreData = AddressOf(network.named_buffers().Single(b => b.name == "movie_genres").buffer);
        (_dim, _genres, _negatives) = (network.Shape.Dim, network.Shape.Genres, options.SampledNegatives);
        TorchRuntime.UseOneIntraOpThread();
        Optimizer = optim.Adam(parameters.Where(p => !TableNames.Contains(p.Key)).Select(p => p.Value), lr: options.LearningRate);
        _users = new TouchedRows(network.Shape.Users);
        _movies = new TouchedRows(network.Shape.Movies);
        _relevance = new TouchedRows(network.Shape.Movies);
        _buffers = [new BatchBuffers(), new BatchBuffers()];
        if (options.Threads > 1) _worker = new StepWorker(Job, "HybridRecommender row updates");
    }

    public optim.Optimizer Optimizer { get; }

    /// <summary>Bytes the worker thread's jobs allocated (0; a test holds it there: see <see cref="StepWorker"/>).</summary>
    public long WorkerAllocatedBytes => _worker?.AllocatedBytes ?? 0;

    public Tensor Step(EpochBatches epoch, TrainingBatch batch, TrainingBatch? next)
    {
        FinishJob();
        BatchBuffers current;
        if (_ready is { } ready) current = ready;
        else
        {
            // Nothing prepared (an epoch's first batch, or updates not overlapped): apply the last step's update, then read.
            current = _buffers[0];
            RunInline(_pending, (epoch, batch, current));
            _pending = null;
        }
        _ready = null;
        if (_options.OverlapRowUpdates && (next is not null || _pending is not null))
        {
            // The job applies the last step's update and reads the next batch's rows while this batch runs below.
            BatchBuffers? into = next is null ? null : current == _buffers[0] ? _buffers[1] : _buffers[0];
            if (next is { } n && !into!.Fits(n.Count, n.RelevanceUsers.Count, Positives(n), _negatives))
            {
                // Growing replaces the buffer the last step's update still reads: apply that update first.
                if (_pending?.Batch == into)
                {
                    RunInline(_pending, null);
                    _pending = null;
                }
                into.EnsureCapacity(n.Count, n.RelevanceUsers.Count, Positives(n), _negatives, _dim, _genres);
            }
            EnsureMergeCapacity();
            (_applyOf, _prepareOf) = (_pending, into is null ? null : (epoch, next!.Value, into));
            (_inFlight, _pending, _ready) = (_pending, null, into);
            if (_worker is not null) _worker.Run();
            else Job();
        }

        var (ratings, slice) = (current.Ratings, current.SliceUsers);
        var p = Leaf(current.UserVectors, ratings + slice);
        var bu = Leaf(current.UserBias, ratings);
        var q = Leaf(current.MovieVectors, ratings);
        var bi = Leaf(current.MovieBias, ratings);
        var rows = new BatchRows(slice > 0 ? p.narrow(0, 0, ratings) : p, q, current.Genres.narrow(0, 0, ratings), bu, bi);
        // The per-rating row penalty's gradient is added where the rows are summed (Apply): the same loss, fewer tensor ops.
        var loss = Trainer.LossWithoutRowPenalty(_network, rows, epoch.RatingTensor.narrow(0, batch.Start, batch.Count), _options.Regularisation,
            _options.AbsoluteErrorWeight, out var error);
        Tensor? v = null, c = null;
        if (slice > 0 && current.Positives > 0)
        {
            var positives = current.Positives;
            v = Leaf(current.RelevanceVectors, positives + _negatives);
            c = Leaf(current.RelevanceBias, positives + _negatives);
            var relevance = SampledRelevanceLoss(p.narrow(0, ratings, slice), current.PositiveUser.narrow(0, 0, positives),
                v.narrow(0, 0, positives), c.narrow(0, 0, positives), v.narrow(0, positives, _negatives), c.narrow(0, positives, _negatives),
                current.Correction);
            loss = loss + _options.RelevanceWeight * relevance;
            // λ_r ‖v‖² over the distinct rows this batch touched is added to their gradient where the rows are summed (Apply).
        }

        Optimizer.zero_grad();
        loss.backward();
        Optimizer.step();
        _pending = new Gradients(current, Optimizer.ParamGroups.First().LearningRate, Kept(p), Kept(bu), Kept(q), Kept(bi),
            v is null ? null : Kept(v), c is null ? null : Kept(c));
        return error;
    }

    public void FinishEpoch()
    {
        FinishJob();
        RunInline(_pending, null);
        (_pending, _ready) = (null, null);
    }

    /// <summary>A leaf over the first <paramref name="rows"/> rows of a buffer: backward fills a gradient row per row read.</summary>
    private static Tensor Leaf(Tensor buffer, int rows) => buffer.narrow(0, 0, rows).detach().requires_grad_(true);

    /// <summary>A leaf's gradient, kept past the batch's dispose scope until the job that applies it has run.</summary>
    private static KeptGradient Kept(Tensor leaf)
    {
        var gradient = leaf.grad ?? throw new InvalidOperationException("A leaf the loss reads has no gradient.");
        if (!gradient.is_contiguous() || gradient.dtype != ScalarType.Float32) gradient = gradient.to_type(ScalarType.Float32).contiguous();
        gradient.DetachFromDisposeScope();
        // Its memory's address is taken here: the worker thread makes no TorchSharp call.
        return new KeptGradient(gradient, AddressOf(gradient), (int)gradient.numel());
    }

    private sealed record KeptGradient(Tensor Tensor, nint Data, int Length)
    {
        public ReadOnlySpan<float> Values => Floats(Data, Length);
    }

    private int Positives(TrainingBatch batch)
    {
        var sum = 0;
        if (_relevanceVectors is not null)
            foreach (var u in batch.RelevanceUsers) sum += _trainMovies[u].Length;
        return sum;
    }

    private void EnsureMergeCapacity()
    {
        var rows = _buffers.Max(b => b.MostRows);
        if (_mergedBias.Length < rows)
        {
            _mergedBias = new float[rows];
            _mergedVectors = new float[rows * _dim];
        }
    }

    /// <summary>Applies <paramref name="apply"/>, then prepares <paramref name="prepare"/>, on this thread (growing the buffer in between).</summary>
    private void RunInline(Gradients? apply, (EpochBatches, TrainingBatch, BatchBuffers)? prepare)
    {
        if (apply is not null)
        {
            EnsureMergeCapacity();
            (_applyOf, _prepareOf) = (apply, null);
            Job();
            apply.Dispose();
        }
        if (prepare is var (_, batch, into))
        {
            into.EnsureCapacity(batch.Count, batch.RelevanceUsers.Count, Positives(batch), _negatives, _dim, _genres);
            EnsureMergeCapacity();
            (_applyOf, _prepareOf) = (null, prepare);
            Job();
        }
    }

    private void FinishJob()
    {
        _worker?.Wait();
        _inFlight?.Dispose();
        _inFlight = null;
    }

    /// <summary>The managed half of a step: no TorchSharp call and no allocation (it may run on the worker thread).</summary>
    private void Job()
    {
        if (_applyOf is { } gradients) Apply(gradients);
        if (_prepareOf is var (epoch, batch, into)) Prepare(epoch, batch, into);
        (_applyOf, _prepareOf) = (null, null);
    }

    /// <summary>Sums each table row's gradient over the rows the batch read and steps it with lazy Adam.</summary>
    private void Apply(Gradients g)
    {
        var b = g.Batch;
        var (ratings, slice, dim) = (b.Ratings, b.SliceUsers, _dim);
        var merged = _mergedVectors.AsSpan();
        var bias = _mergedBias.AsSpan();
        // The row penalty's gradient per rating: d/dp of (1/B) Σ λ_e‖p‖² is 2λ_e·p / B at each read of the row (likewise λ_b).
        var (embeddingPenalty, biasPenalty) = (2 * _options.Regularisation.Embedding / ratings, 2 * _options.Regularisation.Bias / ratings);

        // The user rows: read once per rating (penalised) and once per relevance user (not).
        SumRows(b.UserSlot.AsSpan(0, ratings + slice), g.UserVectors.Values, dim, b.UserRowCount, merged, new(embeddingPenalty, ratings, b.UserVectorData));
        _userVectors.Adam.Step(b.UserRows.AsSpan(0, b.UserRowCount), merged[..(b.UserRowCount * dim)], g.LearningRate);
        // User bias rows: the same rows (a relevance-only user's bias steps with a zero gradient, as dense Adam would).
        SumRows(b.UserSlot.AsSpan(0, ratings), g.UserBias.Values, 1, b.UserRowCount, bias, new(biasPenalty, ratings, b.UserBiasData));
        _userBias.Adam.Step(b.UserRows.AsSpan(0, b.UserRowCount), bias[..b.UserRowCount], g.LearningRate);

        SumRows(b.MovieSlot.AsSpan(0, ratings), g.MovieVectors.Values, dim, b.MovieRowCount, merged, new(embeddingPenalty, ratings, b.MovieVectorData));
        _movieVectors.Adam.Step(b.MovieRows.AsSpan(0, b.MovieRowCount), merged[..(b.MovieRowCount * dim)], g.LearningRate);
        SumRows(b.MovieSlot.AsSpan(0, ratings), g.MovieBias.Values, 1, b.MovieRowCount, bias, new(biasPenalty, ratings, b.MovieBiasData));
        _movieBias.Adam.Step(b.MovieRows.AsSpan(0, b.MovieRowCount), bias[..b.MovieRowCount], g.LearningRate);

        if (g.RelevanceVectors is { } rv && g.RelevanceBias is { } rb)
        {
            var reads = b.Positives + _negatives;
            // λ_r ‖v‖² over the distinct rows: 2λ_r·v once per row, at the value the batch read.
            SumRows(b.RelevanceSlot.AsSpan(0, reads), rv.Values, dim, b.RelevanceRowCount, merged, new(2 * _options.RelevanceL2, 0, b.RelevanceVectorData, OncePerRow: true));
            _relevanceVectors!.Adam.Step(b.RelevanceRows.AsSpan(0, b.RelevanceRowCount), merged[..(b.RelevanceRowCount * dim)], g.LearningRate);
            SumRows(b.RelevanceSlot.AsSpan(0, reads), rb.Values, 1, b.RelevanceRowCount, bias, default);
            _relevanceBias!.Adam.Step(b.RelevanceRows.AsSpan(0, b.RelevanceRowCount), bias[..b.RelevanceRowCount], g.LearningRate);
        }
    }

    /// <summary>
    /// An L2 penalty's gradient, <see cref="Coefficient"/> × the value read: at each of the first <see cref="Reads"/> reads, or
    /// with <see cref="OncePerRow"/> at each distinct row's first read. <see cref="Values"/>: the rows as read, one per read.
    /// </summary>
    private readonly record struct PenaltyGradient(float Coefficient, int Reads, nint Values, bool OncePerRow = false);

    /// <summary>
    /// into[slot(k)] = Σ gradient rows k of that slot, plus the penalty's gradient. Slots are numbered in order of first read,
    /// so read k is its slot's first exactly when slot(k) is the next new one.
    /// </summary>
    private static void SumRows(ReadOnlySpan<int> slots, ReadOnlySpan<float> gradient, int width, int distinct, Span<float> into, PenaltyGradient penalty)
    {
        into[..(distinct * width)].Clear();
        var values = penalty.Coefficient != 0 ? Floats(penalty.Values, slots.Length * width) : default;
        var nextNew = 0;
        for (var k = 0; k < slots.Length; k++)
        {
            var row = into.Slice(slots[k] * width, width);
            AddScaled(row, gradient.Slice(k * width, width), 1f);
            var first = slots[k] == nextNew;
            if (first) nextNew++;
            if (penalty.Coefficient != 0 && (penalty.OncePerRow ? first : k < penalty.Reads))
                AddScaled(row, values.Slice(k * width, width), penalty.Coefficient);
        }
    }

    private static void AddScaled(Span<float> row, ReadOnlySpan<float> add, float scale)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated)
            for (; j <= row.Length - Vector<float>.Count; j += Vector<float>.Count)
                (new Vector<float>(row[j..]) + scale * new Vector<float>(add[j..])).CopyTo(row[j..]);
        for (; j < row.Length; j++) row[j] += scale * add[j];
    }

    /// <summary>Finds the batch's rows, draws its negatives and copies every row it reads into <paramref name="into"/>.</summary>
    private void Prepare(EpochBatches epoch, TrainingBatch batch, BatchBuffers into)
    {
        var (ratings, dim) = (batch.Count, _dim);
        var slice = _relevanceVectors is null ? 0 : batch.RelevanceUsers.Count;
        var users = epoch.Users.AsSpan(batch.Start, ratings);
        var movies = epoch.Movies.AsSpan(batch.Start, ratings);
        users.CopyTo(into.UserRead);
        for (var k = 0; k < ratings; k++)
        {
            into.UserSlot[k] = _users.Touch(users[k]);
            into.MovieSlot[k] = _movies.Touch(movies[k]);
        }
        var positives = 0;
        for (var s = 0; s < slice; s++)
        {
            var user = batch.RelevanceUsers[s];
            into.UserRead[ratings + s] = user;
            into.UserSlot[ratings + s] = _users.Touch(user);
            foreach (var m in _trainMovies[user])
            {
                into.PositiveUserIndex[positives] = s;
                into.RelevanceRead[positives] = m;
                into.RelevanceSlot[positives++] = _relevance.Touch(m);
            }
        }
        (into.Ratings, into.SliceUsers, into.Positives) = (ratings, slice, positives);
        if (slice > 0)
        {
            var negatives = into.RelevanceRead.AsSpan(positives, _negatives);
            _sampler!.Draw(negatives, Floats(into.CorrectionData, _negatives));
            for (var k = 0; k < negatives.Length; k++) into.RelevanceSlot[positives + k] = _relevance.Touch(negatives[k]);
            into.PositiveUserIndex.AsSpan(0, positives).CopyTo(Longs(into.PositiveUserData, positives));
        }
        into.UserRowCount = Keep(_users, into.UserRows);
        into.MovieRowCount = Keep(_movies, into.MovieRows);
        into.RelevanceRowCount = Keep(_relevance, into.RelevanceRows);

        Gather(_userVectors.Data, dim, into.UserRead.AsSpan(0, ratings + slice), into.UserVectorData);
        Gather(_userBias.Data, 1, users, into.UserBiasData);
        Gather(_movieVectors.Data, dim, movies, into.MovieVectorData);
        Gather(_movieBias.Data, 1, movies, into.MovieBiasData);
        Gather(_genreData, _genres, movies, into.GenreData);
        if (slice > 0)
        {
            var reads = into.RelevanceRead.AsSpan(0, positives + _negatives);
            Gather(_relevanceVectors!.Data, dim, reads, into.RelevanceVectorData);
            Gather(_relevanceBias!.Data, 1, reads, into.RelevanceBiasData);
        }
    }

    private static int Keep(TouchedRows touched, long[] rows)
    {
        var count = touched.Count;
        touched.Rows.CopyTo(rows);
        touched.Clear();
        return count;
    }

    /// <summary>Copies table rows rows[k] (of <paramref name="width"/> floats) to row k of <paramref name="into"/>, asking for each row's memory a few rows ahead.</summary>
    private static unsafe void Gather(nint table, int width, ReadOnlySpan<long> rows, nint into)
    {
        if (width == 0) return;
        var source = (float*)table;
        var target = (float*)into;
        for (var k = 0; k < rows.Length; k++)
        {
            if (k + NativeMemory.PrefetchDistance < rows.Length && Sse.IsSupported)
                for (var offset = 0; offset < width; offset += 64 / sizeof(float))
                    Sse.Prefetch0(source + rows[k + NativeMemory.PrefetchDistance] * width + offset);
            new ReadOnlySpan<float>(source + rows[k] * width, width).CopyTo(new Span<float>(target + (long)k * width, width));
        }
    }


    /// <summary>
    /// The relevance head's sampled softmax for a slice of users: for each positive (user s, movie i),
    /// <code>  ℓ = log(exp(s_ui) + Σ_k exp(s_u,j_k − log(K·Q(j_k)))) − s_ui  </code>
    /// averaged over the positives, with s_uj = p_u · v_j + c_j and j_1 … j_K drawn from Q. The sum is the importance-sampling
    /// estimate of the full softmax's partition function Σ_j exp(s_uj) (unbiased: E = Z), so ℓ estimates −log softmax(s_u)_i
    /// of the exact objective; the positive's own term keeps ℓ ≥ 0 and its gradient saturating, as the exact softmax's does.
    /// Shapes: users [S, d], positiveUser [P] (index into users), positive vectors [P, d] and biases [P], negative vectors
    /// [K, d], biases [K] and corrections log(K·Q) [K]. Cost O(S·K·d + P·d), not O(S·M·d).
    /// </summary>
    public static Tensor SampledRelevanceLoss(Tensor users, Tensor positiveUser, Tensor positiveVectors, Tensor positiveBias,
        Tensor negativeVectors, Tensor negativeBias, Tensor negativeCorrection)
    {
        var negativeLogits = users.matmul(negativeVectors.t()) + (negativeBias - negativeCorrection);
        var logPartition = negativeLogits.logsumexp(1);
        var positive = (users.index_select(0, positiveUser) * positiveVectors).sum(-1) + positiveBias;
        return (logaddexp(logPartition.index_select(0, positiveUser), positive) - positive).mean();
    }

    public void Dispose()
    {
        _worker?.Dispose();
        _inFlight?.Dispose();
        _pending?.Dispose();
        Optimizer.Dispose();
        foreach (var t in new[] { _userVectors, _userBias, _movieVectors, _movieBias, _relevanceVectors, _relevanceBias })
            t?.Adam.Dispose();
        foreach (var b in _buffers) b.Dispose();
    }

    /// <summary>One step's leaf gradients (kept alive until applied) and the batch they belong to.</summary>
    private sealed record Gradients(BatchBuffers Batch, double LearningRate, KeptGradient UserVectors, KeptGradient UserBias,
        KeptGradient MovieVectors, KeptGradient MovieBias, KeptGradient? RelevanceVectors, KeptGradient? RelevanceBias) : IDisposable
    {
        public void Dispose()
        {
            foreach (var g in new[] { UserVectors, UserBias, MovieVectors, MovieBias, RelevanceVectors, RelevanceBias }) g?.Tensor.Dispose();
        }
    }

    /// <summary>
    /// One batch's reads: which table row each read is (and its slot among the distinct rows), the distinct rows, and the
    /// rows' values copied into tensors the leaves view. Two of them alternate, so one is prepared while the other trains.
    /// Grown on the calling thread only, while no job runs.
    /// </summary>
    private sealed class BatchBuffers : IDisposable
    {
        public int Ratings, SliceUsers, Positives, UserRowCount, MovieRowCount, RelevanceRowCount;
        public long[] UserRead = [], UserRows = [], MovieRows = [], RelevanceRead = [], RelevanceRows = [];
        public int[] UserSlot = [], MovieSlot = [], RelevanceSlot = [];
        public long[] PositiveUserIndex = [];
        public Tensor UserVectors = None(), UserBias = None(), MovieVectors = None(), MovieBias = None(), Genres = None(),
            RelevanceVectors = None(), RelevanceBias = None(), Correction = None(), PositiveUser = None();

        private static Tensor None() => empty(0).DetachFromDisposeScope();
        public nint UserVectorData, UserBiasData, MovieVectorData, MovieBiasData, GenreData, RelevanceVectorData, RelevanceBiasData, CorrectionData, PositiveUserData;
        private int _ratings = -1, _userReads = -1, _relevanceReads = -1, _negatives = -1;

        /// <summary>The most distinct rows one table's update can have in this buffer (the merge buffers' size).</summary>
        public int MostRows => Math.Max(Math.Max(_userReads, _ratings), _relevanceReads);

        public bool Fits(int ratings, int sliceUsers, int positives, int negatives) =>
            ratings <= _ratings && ratings + sliceUsers <= _userReads && positives + negatives <= _relevanceReads && negatives == _negatives;

        public void EnsureCapacity(int ratings, int sliceUsers, int positives, int negatives, int dim, int genres)
        {
            if (ratings > _ratings || ratings + sliceUsers > _userReads)
            {
                (_ratings, _userReads) = (Math.Max(ratings, _ratings), Math.Max(ratings + sliceUsers, _userReads));
                (UserRead, UserRows, UserSlot) = (new long[_userReads], new long[_userReads], new int[_userReads]);
                (MovieRows, MovieSlot) = (new long[_ratings], new int[_ratings]);
                Replace(ref UserVectors, ref UserVectorData, [_userReads, dim]);
                Replace(ref UserBias, ref UserBiasData, [_ratings]);
                Replace(ref MovieVectors, ref MovieVectorData, [_ratings, dim]);
                Replace(ref MovieBias, ref MovieBiasData, [_ratings]);
                Replace(ref Genres, ref GenreData, [_ratings, genres]);
            }
            if (positives + negatives > _relevanceReads || negatives != _negatives)
            {
                // Room for a larger slice than this one, so a later batch rarely grows it again.
                _relevanceReads = Math.Max(2 * positives + negatives, _relevanceReads);
                _negatives = negatives;
                (RelevanceRead, RelevanceRows, RelevanceSlot, PositiveUserIndex) =
                    (new long[_relevanceReads], new long[_relevanceReads], new int[_relevanceReads], new long[_relevanceReads]);
                Replace(ref RelevanceVectors, ref RelevanceVectorData, [_relevanceReads, dim]);
                Replace(ref RelevanceBias, ref RelevanceBiasData, [_relevanceReads]);
                Replace(ref Correction, ref CorrectionData, [negatives]);
                Replace(ref PositiveUser, ref PositiveUserData, [_relevanceReads], ScalarType.Int64);
            }
        }

        private static void Replace(ref Tensor tensor, ref nint data, long[] shape, ScalarType type = ScalarType.Float32)
        {
            tensor.Dispose();
            // Kept past the dispose scope of the batch that grew it.
            tensor = zeros(shape, dtype: type).DetachFromDisposeScope();
            data = tensor.numel() == 0 ? 0 : AddressOf(tensor);
        }

        public void Dispose()
        {
            foreach (var t in new[] { UserVectors, UserBias, MovieVectors, MovieBias, Genres, RelevanceVectors, RelevanceBias, Correction, PositiveUser })
                t.Dispose();
        }
    }
}
