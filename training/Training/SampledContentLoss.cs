using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Training.Model;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace HybridRecommender.Training;

/// <summary>
/// The content path's sampled objective (above <c>--sampled-above</c>, where the tables trained with
/// <see cref="SampledBatchStep"/>): the relevance loss is the tables' sampled softmax with its log-Q correction
/// (<see cref="SampledBatchStep.SampledRelevanceLoss"/>) over the relevance slice's positives and K negatives drawn from the
/// tables' sampler Q, with each touched rated movie's own relevance row replaced by its stand-in with probability ρ (one draw
/// per touched movie). The path runs only on the movies whose stand-ins the batch uses — its hidden layer and rating head on
/// the rating batch's movies, its relevance head on the replaced ones — so nothing costs users × movies, or the catalogue, per batch.
/// </summary>
public sealed class SampledContentLoss : IContentBatchLoss
{
    private readonly HybridNetwork _network;
    private readonly ContentPath _path;
    private readonly Tensor _x;
    private readonly int[][] _trainMovies;
    private readonly bool[] _rated;
    private readonly TrainingOptions _options;
    private readonly ContentInputs _inputs;
    private readonly Random _rng;
    private readonly Device _device;
    private readonly PopularityNegativeSampler? _sampler;
    private readonly Tensor _userVectors;
    private readonly Tensor? _relevanceVectors, _relevanceBias;
    private readonly TouchedRows _pathMovies, _relevanceMovies;

    public SampledContentLoss(HybridNetwork network, ContentPath path, Tensor x, int[][] trainMovies, IReadOnlyList<int> movieTrainCounts,
        TrainingOptions options, ContentInputs inputs, Random rng, Device device)
    {
        (_network, _path, _x, _trainMovies, _options, _inputs, _rng, _device) = (network, path, x, trainMovies, options, inputs, rng, device);
        _rated = movieTrainCounts.Select(n => n > 0).ToArray();
        TorchRuntime.UseOneIntraOpThread(); // small ops, as the sampled table step's (TorchRuntime says why)
        // The frozen tables' rows are read, never stepped (requires_grad is off): no gradient reaches them.
        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        _userVectors = parameters["user_embedding.weight"];
        if (network.Shape.Relevance)
        {
            _relevanceVectors = parameters["relevance_embedding.weight"];
            _relevanceBias = parameters["relevance_bias.weight"];
            _sampler = new PopularityNegativeSampler(movieTrainCounts, options.Seed ^ 0x0C0E4E47);
        }
        _pathMovies = new TouchedRows(network.Shape.Movies);
        _relevanceMovies = new TouchedRows(network.Shape.Movies);
    }

    public Tensor Loss(EpochBatches epoch, int start, int count, ReadOnlySpan<int> relevanceUsers, out Tensor error)
    {
        // The path's inputs: first the rating batch's distinct movies (all replaced in the rating loss), then the relevance
        // movies drawn for replacement. h is computed once for them; each head only on the movies that use it.
        var batchRow = new long[count];
        for (var k = 0; k < count; k++) batchRow[k] = _pathMovies.Touch(epoch.Movies[start + k]);
        var batchMovies = _pathMovies.Count;
        var relevanceOn = _sampler is not null && relevanceUsers.Length > 0;
        var sliceUsers = new long[relevanceUsers.Length];
        List<long> positiveUser = [], positiveRow = [];
        var negativeRow = Array.Empty<long>();
        var correction = Array.Empty<float>();
        var relevanceMovies = Array.Empty<long>();
        var replaced = Array.Empty<bool>();
        var standInRow = Array.Empty<long>();
        var replacedPathRows = new List<long>();
        if (relevanceOn)
        {
            for (var s = 0; s < relevanceUsers.Length; s++)
            {
                sliceUsers[s] = relevanceUsers[s];
                foreach (var m in _trainMovies[relevanceUsers[s]])
                {
                    positiveUser.Add(s);
                    positiveRow.Add(_relevanceMovies.Touch(m));
                }
            }
            var negatives = new long[_options.SampledNegatives];
            correction = new float[negatives.Length];
            _sampler!.Draw(negatives, correction);
            negativeRow = negatives.Select(m => (long)_relevanceMovies.Touch(m)).ToArray();
            relevanceMovies = _relevanceMovies.Take();
            // One draw per touched movie: its positive and negative appearances share it, as the exact objective's mask is
            // shared by the slice. standInRow[t] is the replaced movie's row among the relevance stand-ins (0, masked, if kept).
            replaced = new bool[relevanceMovies.Length];
            standInRow = new long[relevanceMovies.Length];
            for (var t = 0; t < relevanceMovies.Length; t++)
            {
                replaced[t] = _rated[relevanceMovies[t]] && _rng.NextDouble() < _options.ContentReplaceShare;
                if (!replaced[t]) continue;
                standInRow[t] = replacedPathRows.Count;
                replacedPathRows.Add(_pathMovies.Touch(relevanceMovies[t]));
            }
        }
        var h = _path.Hidden(_x.index_select(0, tensor(_pathMovies.Take(), device: _device)));

        var (q, bias) = _path.RatingRows(h.narrow(0, 0, batchMovies));
        var b = tensor(batchRow, device: _device);
        var rows = HybridNetwork.WithContentRows(
            _network.Rows(epoch.UserTensor.narrow(0, start, count), epoch.MovieTensor.narrow(0, start, count)),
            new ContentRows(q.index_select(0, b), bias.index_select(0, b), null, null));
        var loss = ContentPathTrainer.RatingLoss(_network, _path, rows, epoch.RatingTensor.narrow(0, start, count), _options, _inputs, out error);
        if (relevanceOn && positiveRow.Count > 0)
        {
            var own = tensor(relevanceMovies, device: _device);
            var (ownVectors, ownBias) = (_relevanceVectors!.index_select(0, own), _relevanceBias!.index_select(0, own).squeeze(-1));
            var (standInVectors, standInBias) = (ownVectors, ownBias); // nothing replaced: the mask keeps every own row
            if (replacedPathRows.Count > 0)
            {
                var (v, c) = _path.RelevanceRows(h.index_select(0, tensor(replacedPathRows.ToArray(), device: _device)));
                var aligned = tensor(standInRow, device: _device);
                (standInVectors, standInBias) = (v.index_select(0, aligned), c.index_select(0, aligned));
            }
            var relevance = RelevanceLoss(_userVectors.index_select(0, tensor(sliceUsers, device: _device)),
                tensor(positiveUser.ToArray(), device: _device), tensor(positiveRow.ToArray(), device: _device),
                tensor(negativeRow, device: _device), tensor(correction, device: _device),
                ownVectors, ownBias, standInVectors, standInBias, tensor(replaced, device: _device));
            loss = loss + _options.RelevanceWeight * relevance;
        }
        return loss;
    }

    /// <summary>
    /// The relevance head's sampled softmax (<see cref="SampledBatchStep.SampledRelevanceLoss"/>, the tables' formula) with the
    /// touched movies where <paramref name="replaced"/> is true scored by their stand-ins. Rows index the touched movies:
    /// <paramref name="ownVectors"/> [T, d] and <paramref name="ownBias"/> [T] are their trained relevance rows,
    /// <paramref name="standInVectors"/> and <paramref name="standInBias"/> their content rows (only the replaced ones are read),
    /// <paramref name="replaced"/> [T]; <paramref name="users"/> [S, d] is the slice's p_u, <paramref name="positiveUser"/> /
    /// <paramref name="positiveRow"/> [P] the positives, <paramref name="negativeRow"/> and <paramref name="correction"/>
    /// (log K·Q) [K] the negatives.
    /// </summary>
    public static Tensor RelevanceLoss(Tensor users, Tensor positiveUser, Tensor positiveRow, Tensor negativeRow, Tensor correction,
        Tensor ownVectors, Tensor ownBias, Tensor standInVectors, Tensor standInBias, Tensor replaced)
    {
        var v = where(replaced.unsqueeze(-1), standInVectors, ownVectors);
        var c = where(replaced, standInBias, ownBias);
        return SampledBatchStep.SampledRelevanceLoss(users, positiveUser, v.index_select(0, positiveRow), c.index_select(0, positiveRow),
            v.index_select(0, negativeRow), c.index_select(0, negativeRow), correction);
    }
}
