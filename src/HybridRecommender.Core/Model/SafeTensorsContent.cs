namespace HybridRecommender.Core.Model;

/// <summary>What a safetensors file holds: tensors in file order, plus the free-form string metadata.</summary>
public sealed class SafeTensorsContent
{
    public SafeTensorsContent(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The <c>__metadata__</c> entries; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
