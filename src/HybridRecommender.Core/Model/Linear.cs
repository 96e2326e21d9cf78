using System.Numerics.Tensors;

namespace HybridRecommender.Core.Model;

/// <summary>A fully connected layer y = W x + b with PyTorch's layout: weight [out, in], bias [out].</summary>
public sealed class Linear
{
    public Linear(string name, int inFeatures, int outFeatures)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = new Parameter($"{name}.weight", new Tensor(outFeatures, inFeatures));
        Bias = new Parameter($"{name}.bias", new Tensor(outFeatures), decays: false);
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }
    public Parameter Weight { get; }
    public Parameter Bias { get; }

    /// <summary>PyTorch's default initialisation: U(-1/√in, 1/√in) for weight and bias.</summary>
    public void Initialise(Random rng)
    {
        var bound = 1.0 / Math.Sqrt(InFeatures);
        foreach (var t in new[] { Weight.Value.Data, Bias.Value.Data })
            for (var i = 0; i < t.Length; i++) t[i] = (float)((rng.NextDouble() * 2 - 1) * bound);
    }

    /// <summary>y[o] = b[o] + W[o,:]·x for one input row.</summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        var w = Weight.Value.Data;
        var b = Bias.Value.Data;
        for (var o = 0; o < OutFeatures; o++)
            y[o] = b[o] + TensorPrimitives.Dot(new ReadOnlySpan<float>(w, o * InFeatures, InFeatures), x);
    }
}
