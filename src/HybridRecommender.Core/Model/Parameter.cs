namespace HybridRecommender.Core.Model;

/// <summary>
/// A named trainable tensor, addressed by its PyTorch-style name (<c>fc1.weight</c>).
/// Sparse parameters (embedding tables) receive gradients only on the rows a batch touched.
/// </summary>
public sealed class Parameter(string name, Tensor value, bool isSparse = false, bool decays = true)
{
    public string Name { get; } = name;
    public Tensor Value { get; } = value;

    /// <summary>Row-sparse updates: only rows seen in the batch are read, regularised and stepped.</summary>
    public bool IsSparse { get; } = isSparse;

    /// <summary>Whether L2 regularisation applies (biases of dense layers and the global bias do not decay).</summary>
    public bool Decays { get; } = decays;

    /// <summary>Row width for sparse parameters (the last dimension).</summary>
    public int RowSize => Value.Shape.Length == 0 ? 1 : Value.Shape[^1];

    public override string ToString() => $"{Name} {Value.ShapeText}";
}
