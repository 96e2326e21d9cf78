using HybridRecommender.Core.Model;

namespace HybridRecommender.Core.Training;

/// <summary>
/// Gradients of one batch. Dense parameters get a full gradient; embedding tables and per-entity
/// biases get one gradient row per rating in batch order, summed into touched rows later.
/// </summary>
public sealed class BatchGradients
{
    public BatchGradients(HybridNetwork network, int capacity)
    {
        Network = network;
        Capacity = capacity;
        Dense = DenseParameters(network).Select(p => new float[p.Value.Length]).ToArray();
        var d = network.Shape.Dim;
        UserRows = new float[capacity * d];
        MovieRows = new float[capacity * d];
        UserBiasRows = new float[capacity];
        MovieBiasRows = new float[capacity];
    }

    public HybridNetwork Network { get; }
    public int Capacity { get; }

    /// <summary>Gradients of <see cref="DenseParameters"/>, same order and layout as the parameters.</summary>
    public float[][] Dense { get; }
    public float[] UserRows { get; }
    public float[] MovieRows { get; }
    public float[] UserBiasRows { get; }
    public float[] MovieBiasRows { get; }

    /// <summary>Data term only: Σ (r̂ − r)² and Σ |r̂ − r| over the batch.</summary>
    public double SquaredErrorSum { get; internal set; }
    public double AbsoluteErrorSum { get; internal set; }
    /// <summary>The full regularised loss of the batch (what the gradients are of).</summary>
    public double Loss { get; internal set; }

    /// <summary>Every parameter that is not an embedding table, in a fixed order.</summary>
    public static Parameter[] DenseParameters(HybridNetwork network) => network.Parameters().Where(p => !p.IsSparse).ToArray();
}
