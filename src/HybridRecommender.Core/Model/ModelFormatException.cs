namespace HybridRecommender.Core.Model;

/// <summary>A weights file or model bundle that does not match what the code expects.</summary>
public sealed class ModelFormatException(string message, Exception? inner = null) : Exception(message, inner);
