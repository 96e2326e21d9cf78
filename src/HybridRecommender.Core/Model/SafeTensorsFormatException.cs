namespace HybridRecommender.Core.Model;

/// <summary>A safetensors file (or buffer) that breaks the format; the message names the source.</summary>
public sealed class SafeTensorsFormatException : Exception
{
    public SafeTensorsFormatException(string source, string problem, Exception? innerException = null)
        : base($"Invalid safetensors file '{source}': {problem}", innerException)
    {
        SourceName = source;
        Problem = problem;
    }

    /// <summary>The file path, or a caller-chosen name for a stream or buffer.</summary>
    public string SourceName { get; }

    /// <summary>What is wrong, without the source prefix.</summary>
    public string Problem { get; }
}
