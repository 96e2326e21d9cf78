using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Training.Model;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace HybridRecommender.Training;

/// <summary>
/// The content path's exact objective (ML-1M's, below <c>--sampled-above</c>): the stand-ins of every movie (the path on the
/// whole catalogue) and, per batch, a [slice users, movies] softmax with a random share ρ of the rated movies' logits replaced
/// by p_u·ṽ_i + c̃_i. Its cost per batch grows with the catalogue: right for ML-1M, not for ML-32M (<see cref="SampledContentLoss"/>).
/// </summary>
public sealed class ExactContentLoss(HybridNetwork network, ContentPath path, Tensor x, int[][] trainMovies, bool[] rated,
    TrainingOptions options, ContentInputs inputs, Random rng, Device device) : IContentBatchLoss
{
    private readonly bool[] _replaced = new bool[rated.Length];

    public Tensor Loss(EpochBatches epoch, int start, int count, ReadOnlySpan<int> relevanceUsers, out Tensor error)
    {
        var i = epoch.MovieTensor.narrow(0, start, count);
        var rows = HybridNetwork.WithContentRows(network.Rows(epoch.UserTensor.narrow(0, start, count), i), path.forward(x.index_select(0, i)));
        var loss = ContentPathTrainer.RatingLoss(network, path, rows, epoch.RatingTensor.narrow(0, start, count), options, inputs, out error);
        if (relevanceUsers.Length > 0)
        {
            for (var m = 0; m < _replaced.Length; m++) _replaced[m] = rated[m] && rng.NextDouble() < options.ContentReplaceShare;
            var (slice, targets) = Trainer.RelevanceBatch(relevanceUsers, trainMovies, rated.Length, device);
            loss = loss + options.RelevanceWeight * RelevanceLoss(network, slice, targets, path.forward(x), tensor(_replaced, device: device));
        }
        return loss;
    }

    /// <summary>
    /// −(1/Σ_u n_u) Σ_u Σ_{i ∈ T_u} log softmax(s(u, ·))_i over the whole catalogue, with the movies where <paramref name="replaced"/>
    /// is true scored by their stand-ins <paramref name="standIn"/> (one row per movie). <paramref name="targets"/> is
    /// [users, Movies], 1 on T_u.
    /// </summary>
    public static Tensor RelevanceLoss(HybridNetwork network, Tensor users, Tensor targets, ContentRows standIn, Tensor replaced)
    {
        var logits = network.RelevanceLogitsWithContent(users, standIn, replaced);
        var logProbabilities = nn.functional.log_softmax(logits, 1);
        return -(targets * logProbabilities).sum() / targets.sum().clamp_min(1);
    }
}
