namespace HybridRecommender.Core.Evaluation;

/// <summary>RMSE and MAE of a set of predictions.</summary>
public readonly record struct AccuracyMetrics(int Count, double Rmse, double Mae)
{
    public double Mse => Rmse * Rmse;

    public static AccuracyMetrics Of(IReadOnlyList<Prediction> predictions)
    {
        if (predictions.Count == 0) throw new ArgumentException("No predictions to measure.", nameof(predictions));
        double se = 0, ae = 0;
        foreach (var p in predictions)
        {
            double e = p.Estimate - p.Actual;
            se += e * e;
            ae += Math.Abs(e);
        }
        return new AccuracyMetrics(predictions.Count, Math.Sqrt(se / predictions.Count), ae / predictions.Count);
    }

    /// <summary>Predictions of <paramref name="predictor"/> for the ratings at <paramref name="positions"/>.</summary>
    public static Prediction[] Predict(IRatingPredictor predictor, Data.RatingTable ratings, IReadOnlyList<int> positions)
    {
        var result = new Prediction[positions.Count];
        for (var k = 0; k < positions.Count; k++)
        {
            var i = positions[k];
            var u = ratings.UserIndex[i];
            var m = ratings.MovieIndex[i];
            result[k] = new Prediction(u, m, ratings.Rating[i], predictor.Predict(u, m));
        }
        return result;
    }
}
