using HybridRecommender.Core.Training;
using HybridRecommender.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace HybridRecommender.Training;

/// <summary>
/// The scalable objective (docs/MODEL.md, "Training at scale"). Per batch it gathers only the table rows the batch
/// touches — the batch's users and movies, the relevance slice's users, its positives and K sampled negatives — as leaf
/// tensors, computes the same rating loss as the exact step and the relevance head's <b>sampled softmax with a log-Q
/// correction</b> (<see cref="SampledRelevanceLoss"/>), and steps the tables with <see cref="LazyRowAdam"/> on those rows
/// and the small dense weights (global bias, genre projection, MLP) with torch.optim.Adam. Nothing costs users × movies,
/// and no step touches a row the batch did not.
/// </summary>
public sealed class SampledBatchStep : IBatchStep
{
    private readonly HybridNetwork _network;
    private readonly TrainingOptions _options;
    private readonly int[][] _trainMovies;
    private readonly Device _device;
    private readonly PopularityNegativeSampler? _sampler;
    private readonly Tensor _genres;
    private readonly Table _userVectors, _userBias, _movieVectors, _movieBias;
    private readonly Table? _relevanceVectors, _relevanceBias;
    private readonly TouchedRows _users, _movies, _relevance;

    /// <summary>The state-dict names of the tables stepped row by row; every other parameter is dense.</summary>
    public static readonly string[] TableNames =
        ["user_embedding.weight", "user_bias.weight", "movie_embedding.weight", "movie_bias.weight", "relevance_embedding.weight", "relevance_bias.weight"];

    private sealed record Table(Tensor Weight, LazyRowAdam Adam);

    public SampledBatchStep(HybridNetwork network, TrainingOptions options, int[][] trainMovies, IReadOnlyList<int> movieTrainCounts, Device device)
    {
        _network = network;
        _options = options;
        _trainMovies = trainMovies;
        _device = device;
        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Table Of(string name) => new(parameters[name], new LazyRowAdam(parameters[name], threads: options.Threads));
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
        _genres = network.named_buffers().Single(b => b.name == "movie_genres").buffer;
        TorchRuntime.UseOneIntraOpThread();
        Optimizer = optim.Adam(parameters.Where(p => !TableNames.Contains(p.Key)).Select(p => p.Value), lr: options.LearningRate);
        _users = new TouchedRows(network.Shape.Users);
        _movies = new TouchedRows(network.Shape.Movies);
        _relevance = new TouchedRows(network.Shape.Movies);
    }

    public optim.Optimizer Optimizer { get; }

    public Tensor Step(EpochBatches epoch, int start, int count, ReadOnlySpan<int> relevanceUsers)
    {
        var batchUsers = new long[count];
        var batchMovies = new long[count];
        for (var k = 0; k < count; k++)
        {
            batchUsers[k] = _users.Touch(epoch.Users[start + k]);
            batchMovies[k] = _movies.Touch(epoch.Movies[start + k]);
        }
        var relevanceOn = _relevanceVectors is not null && relevanceUsers.Length > 0;
        long[] sliceUsers = [], positiveUser = [], positiveRow = [], negativeRow = [];
        var correction = Array.Empty<float>();
        if (relevanceOn)
        {
            sliceUsers = new long[relevanceUsers.Length];
            var users = new List<long>();
            var rows = new List<long>();
            for (var s = 0; s < relevanceUsers.Length; s++)
            {
                sliceUsers[s] = _users.Touch(relevanceUsers[s]);
                foreach (var m in _trainMovies[relevanceUsers[s]])
                {
                    users.Add(s);
                    rows.Add(_relevance.Touch(m));
                }
            }
            (positiveUser, positiveRow) = (users.ToArray(), rows.ToArray());
            var negatives = new long[_options.SampledNegatives];
            correction = new float[negatives.Length];
            _sampler!.Draw(negatives, correction);
            negativeRow = negatives.Select(_relevance.Touch).ToArray();
        }

        // Leaves: the touched rows, detached from the tables, so backward fills gradients of these rows only.
        Tensor Leaf(Table table, long[] rows) => table.Weight.detach().index_select(0, tensor(rows, device: _device)).requires_grad_(true);
        var userRows = _users.Take();
        var movieRows = _movies.Take();
        var relevanceRows = _relevance.Take();
        var p = Leaf(_userVectors, userRows);
        var bu = Leaf(_userBias, userRows);
        var q = Leaf(_movieVectors, movieRows);
        var bi = Leaf(_movieBias, movieRows);
        var u = tensor(batchUsers, device: _device);
        var i = tensor(batchMovies, device: _device);
        var batchRows = new BatchRows(p.index_select(0, u), q.index_select(0, i), _genres.index_select(0, epoch.MovieTensor.narrow(0, start, count)),
            bu.index_select(0, u).squeeze(-1), bi.index_select(0, i).squeeze(-1));
        var loss = Trainer.Loss(_network, batchRows, epoch.RatingTensor.narrow(0, start, count), _options.Regularisation, _options.AbsoluteErrorWeight, out var error);

        Tensor? v = null, c = null;
        if (_relevanceVectors is not null && relevanceRows.Length > 0)
        {
            v = Leaf(_relevanceVectors, relevanceRows);
            c = Leaf(_relevanceBias!, relevanceRows);
            var positives = tensor(positiveRow, device: _device);
            var negatives = tensor(negativeRow, device: _device);
            var relevance = SampledRelevanceLoss(
                p.index_select(0, tensor(sliceUsers, device: _device)), tensor(positiveUser, device: _device),
                v.index_select(0, positives), c.index_select(0, positives).squeeze(-1),
                v.index_select(0, negatives), c.index_select(0, negatives).squeeze(-1), tensor(correction, device: _device));
            loss = loss + _options.RelevanceWeight * relevance;
            // λ_r on the rows this batch touched (lazily, like the update): the dense form would move every row every step.
            if (_options.RelevanceL2 > 0) loss = loss + _options.RelevanceL2 * v.square().sum();
        }

        Optimizer.zero_grad();
        loss.backward();
        Optimizer.step();
        var lr = Optimizer.ParamGroups.First().LearningRate;
        _userVectors.Adam.Step(userRows, p.grad!, lr);
        _userBias.Adam.Step(userRows, bu.grad!, lr);
        _movieVectors.Adam.Step(movieRows, q.grad!, lr);
        _movieBias.Adam.Step(movieRows, bi.grad!, lr);
        if (v is not null)
        {
            _relevanceVectors!.Adam.Step(relevanceRows, v.grad!, lr);
            _relevanceBias!.Adam.Step(relevanceRows, c!.grad!, lr);
        }
        return error;
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
        Optimizer.Dispose();
        foreach (var t in new[] { _userVectors, _userBias, _movieVectors, _movieBias, _relevanceVectors, _relevanceBias })
            t?.Adam.Dispose();
    }
}
