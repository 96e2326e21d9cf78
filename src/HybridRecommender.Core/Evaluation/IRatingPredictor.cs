namespace HybridRecommender.Core.Evaluation;

/// <summary>Anything that predicts a rating for a (user index, movie index) pair. Knows nothing of metrics.</summary>
public interface IRatingPredictor
{
    float Predict(int user, int movie);
}
