namespace HybridRecommender.Core.Evaluation;

/// <summary>One predicted rating next to the true one (Surprise's Prediction).</summary>
public readonly record struct Prediction(int User, int Movie, float Actual, float Estimate);
