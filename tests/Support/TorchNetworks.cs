using HybridRecommender.Core.Model;
using HybridRecommender.Training.Model;

namespace HybridRecommender.Tests.Support;

/// <summary>TorchSharp modules holding given managed weights, for comparing the two implementations of one formula.</summary>
public static class TorchNetworks
{
    public static HybridNetwork FromWeights(HybridWeights weights)
    {
        var module = new HybridNetwork(weights.Shape);
        StateDictTransfer.Load(module, weights);
        module.eval();
        return module;
    }
}
