namespace HybridRecommender.Core.Evaluation;

/// <summary>The data given to the evaluator is not the data the model bundle was trained on.</summary>
public sealed class DataMismatchException(string message) : Exception(message);
