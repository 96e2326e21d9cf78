using HybridRecommender.Core.Plotting;

namespace HybridRecommender.Core.Training;

/// <summary>The two training plots: loss (MSE) and MAE per epoch, train vs validation.</summary>
public static class TrainingPlots
{
    public const string LossFile = "loss.svg";
    public const string MaeFile = "mae.svg";
    private const string TrainColor = "#1f77b4";
    private const string ValidationColor = "#d62728";

    public static SvgLineChart Loss(IReadOnlyList<EpochMetrics> epochs) => new(
    [
        LineSeries.PerEpoch("train MSE", epochs.Select(e => e.TrainMse).ToArray(), TrainColor),
        LineSeries.PerEpoch("validation MSE", epochs.Select(e => e.ValidationMse).ToArray(), ValidationColor, dashed: true),
    ], new LineChartOptions { Title = "Loss per epoch (mean squared error)", XLabel = "epoch", YLabel = "MSE (stars²)" });

    public static SvgLineChart Mae(IReadOnlyList<EpochMetrics> epochs) => new(
    [
        LineSeries.PerEpoch("train MAE", epochs.Select(e => e.TrainMae).ToArray(), TrainColor),
        LineSeries.PerEpoch("validation MAE", epochs.Select(e => e.ValidationMae).ToArray(), ValidationColor, dashed: true),
    ], new LineChartOptions { Title = "Mean absolute error per epoch", XLabel = "epoch", YLabel = "MAE (stars)" });

    /// <summary>Writes loss.svg and mae.svg into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Loss, string Mae) Save(string directory, IReadOnlyList<EpochMetrics> epochs)
    {
        Directory.CreateDirectory(directory);
        var loss = Path.Combine(directory, LossFile);
        var mae = Path.Combine(directory, MaeFile);
        Loss(epochs).Save(loss);
        Mae(epochs).Save(mae);
        return (loss, mae);
    }
}
