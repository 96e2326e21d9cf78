namespace HybridRecommender.Core.Model;

/// <summary>
/// A dense row-major float32 tensor: the unit of a state dict and of the safetensors file.
/// Shapes follow PyTorch (<c>fc1.weight</c> is [out, in], an embedding is [rows, dim]).
/// </summary>
public sealed class Tensor
{
    public Tensor(int[] shape, float[] data)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension in shape [{string.Join(", ", shape)}].");
            n *= d;
        }
        if (n != data.Length)
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {n} values but data has {data.Length}.");
        Shape = shape;
        Data = data;
    }

    public Tensor(params int[] shape) : this(shape, new float[ElementCount(shape)]) { }

    public int[] Shape { get; }
    public float[] Data { get; }
    public int Length => Data.Length;

    public static int ElementCount(IReadOnlyList<int> shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        return checked((int)n);
    }

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
