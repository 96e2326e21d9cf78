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

    /// <summary>
    /// Predictions of <paramref name="predictor"/> for the ratings at <paramref name="positions"/>, in their order. Large sets
    /// are predicted in parallel chunks (every predictor here is thread-safe; the API calls them concurrently): per-epoch
    /// validation at the ML-32M shape predicts 1.7 M ratings.
    /// </summary>
    public static Prediction[] Predict(IRatingPredictor predictor, Data.RatingTable ratings, IReadOnlyList<int> positions)
    {
        var result = new Prediction[positions.Count];
        void Range(int from, int to)
        {
            for (var k = from; k < to; k++)
            {
                var i = positions[k];
                var u = ratings.UserIndex[i];
                var m = ratings.MovieIndex[i];
                result[k] = new Prediction(u, m, ratings.Rating[i], predictor.Predict(u, m));
            }
        }
        if (result.Length < ParallelFrom) Range(0, result.Length);
        else Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, result.Length, ParallelFrom / 4), r => Range(r.Item1, r.Item2));
        return result;
    }

    /// <summary>Sets at least this large are predicted in parallel chunks of a quarter of it.</summary>
    private const int ParallelFrom = 65_536;
}
