using HybridRecommender.Core.Model;
using HybridRecommender.Training.Model;

namespace HybridRecommender.Tests.Support;

/// <summary>TorchSharp modules holding given managed weights, for comparing the two implementations of one formula.</summary>
public static class TorchNetworks
{
    public static HybridNetwork FromWeights(HybridWeights weights)
    {
        var module = Create(weights.Shape);
        if (weights.ContentTower is { } t)
            module.AttachContentPath(new ContentPath(t.Genres, t.Hidden.OutFeatures, t.Dim, t.RelevanceEmbedding is not null));
        StateDictTransfer.Load(module, weights);
        module.eval();
        return module;
    }

    /// <summary>
    /// A new module, built under the process-wide libtorch lock: construction draws its initial weights from libtorch's
    /// global generator, which a training running in another test class (seeded, with dropout) must have to itself.
    /// </summary>
    public static HybridNetwork Create(HybridNetworkShape shape)
    {
        lock (HybridRecommender.Training.TorchRuntime.ProcessWide) return new HybridNetwork(shape);
    }
}
