using HybridWeights = HybridRecommender.Core.Model.HybridWeights;
using RatingScorer = HybridRecommender.Core.Model.RatingScorer;
using static TorchSharp.torch;

namespace HybridRecommender.Training.Model;

/// <summary>
/// Moves weights between the TorchSharp module and the managed <see cref="HybridWeights"/> the bundle
/// and <see cref="RatingScorer"/> use. Both sides have the same state-dict names and shapes; a name
/// missing or extra on either side is an error, not a silent skip.
/// </summary>
public static class StateDictTransfer
{
    /// <summary>A managed copy of the module's state dict (parameters and the movie_genres buffer).</summary>
    public static HybridWeights ToWeights(HybridNetwork network)
    {
        var weights = new HybridWeights(network.Shape);
        var state = new Dictionary<string, HybridRecommender.Core.Model.Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in network.state_dict())
        {
            using var cpu = t.detach().cpu().contiguous();
            var values = cpu.numel() == 0 ? [] : cpu.data<float>().ToArray();
            state[name] = new HybridRecommender.Core.Model.Tensor(cpu.shape.Select(d => (int)d).ToArray(), values);
        }
        weights.LoadStateDict(state);
        return weights;
    }

    /// <summary>Copies managed weights into the module (e.g. the best epoch's, or a bundle's).</summary>
    public static void Load(HybridNetwork network, HybridWeights weights)
    {
        var source = weights.StateDict();
        var target = network.state_dict();
        var missing = source.Keys.Except(target.Keys).Concat(target.Keys.Except(source.Keys)).ToArray();
        if (missing.Length > 0) throw new ArgumentException($"State dicts differ in names: {string.Join(", ", missing)}.");
        using var _ = no_grad();
        foreach (var (name, t) in target)
        {
            var s = source[name];
            if (!t.shape.Select(d => (int)d).SequenceEqual(s.Shape))
                throw new ArgumentException($"Tensor '{name}' is {s.ShapeText} in the weights but [{string.Join(", ", t.shape)}] in the module.");
            t.copy_(tensor(s.Data, t.shape).to(t.device));
        }
    }
}
