using HybridRecommender.Core.Evaluation;

namespace HybridRecommender.Tests.Evaluation;

public class AccuracyMetricsTests
{
    [Fact]
    public void Hand_case()
    {
        // Errors −1, +2, 0: MSE 5/3, MAE 1.
        Prediction[] predictions = [new(0, 0, 4, 3), new(0, 1, 2, 4), new(1, 0, 5, 5)];
        var a = AccuracyMetrics.Of(predictions);
        Assert.Equal(3, a.Count);
        Assert.Equal(Math.Sqrt(5.0 / 3), a.Rmse, 12);
        Assert.Equal(1.0, a.Mae, 12);
        Assert.Equal(5.0 / 3, a.Mse, 12);
    }

    [Fact]
    public void No_predictions_is_refused()
    {
        Assert.Throws<ArgumentException>(() => AccuracyMetrics.Of([]));
    }
}
