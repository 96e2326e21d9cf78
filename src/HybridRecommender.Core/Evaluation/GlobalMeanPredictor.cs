namespace HybridRecommender.Core.Evaluation;

/// <summary>Predicts the training mean for every pair: the floor any model must beat.</summary>
public sealed class GlobalMeanPredictor(float mean) : IRatingPredictor
{
    public float Mean { get; } = mean;
    public float Predict(int user, int movie) => Mean;
}
