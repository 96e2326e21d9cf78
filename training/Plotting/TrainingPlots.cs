using HybridRecommender.Core.Training;
using ScottPlot;

namespace HybridRecommender.Training.Plotting;

/// <summary>The two training plots, drawn with ScottPlot: loss (MSE) and MAE per epoch, train vs validation, the kept epoch marked.</summary>
public static class TrainingPlots
{
    public const string LossPng = "loss.png";
    public const string LossSvg = "loss.svg";
    public const string MaePng = "mae.png";
    public const string MaeSvg = "mae.svg";
    public const int Width = 900;
    public const int Height = 500;

    public static Plot Loss(IReadOnlyList<EpochMetrics> epochs, int bestEpoch) => Chart(epochs, bestEpoch,
        "Loss per epoch (mean squared error)", "MSE (stars²)", "train MSE", e => e.TrainMse, "validation MSE", e => e.ValidationMse);

    public static Plot Mae(IReadOnlyList<EpochMetrics> epochs, int bestEpoch) => Chart(epochs, bestEpoch,
        "Mean absolute error per epoch", "MAE (stars)", "train MAE", e => e.TrainMae, "validation MAE", e => e.ValidationMae);

    /// <summary>Writes loss and MAE as PNG and SVG into <paramref name="directory"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Save(string directory, IReadOnlyList<EpochMetrics> epochs, int bestEpoch)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var (plot, png, svg) in new[] { (Loss(epochs, bestEpoch), LossPng, LossSvg), (Mae(epochs, bestEpoch), MaePng, MaeSvg) })
        {
            var pngPath = Path.Combine(directory, png);
            var svgPath = Path.Combine(directory, svg);
            plot.SavePng(pngPath, Width, Height);
            plot.SaveSvg(svgPath, Width, Height);
            written.Add(pngPath);
            written.Add(svgPath);
        }
        return written;
    }

    private static Plot Chart(IReadOnlyList<EpochMetrics> epochs, int bestEpoch, string title, string yLabel,
        string trainLabel, Func<EpochMetrics, double> train, string validationLabel, Func<EpochMetrics, double> validation)
    {
        var xs = epochs.Select(e => (double)e.Epoch).ToArray();
        var plot = new Plot();
        var t = plot.Add.Scatter(xs, epochs.Select(train).ToArray());
        t.LegendText = trainLabel;
        t.Color = Colors.C0;
        t.LineWidth = 2;
        t.MarkerSize = 6;
        var v = plot.Add.Scatter(xs, epochs.Select(validation).ToArray());
        v.LegendText = validationLabel;
        v.Color = Colors.C3;
        v.LineWidth = 2;
        // Told apart by colour and marker, not dashes: ScottPlot's SVG export draws dash patterns solid.
        v.MarkerSize = 7;
        v.MarkerShape = MarkerShape.FilledSquare;

        if (bestEpoch >= 1)
        {
            var kept = plot.Add.VerticalLine(bestEpoch);
            kept.Color = Colors.Gray.WithAlpha(0.6);
            kept.LineWidth = 1.5f;
            kept.LegendText = $"kept: epoch {bestEpoch}";
            var best = epochs.FirstOrDefault(e => e.Epoch == bestEpoch);
            if (best is not null)
            {
                var marker = plot.Add.Marker(bestEpoch, validation(best));
                marker.Color = Colors.C3;
                marker.Size = 12;
                marker.Shape = MarkerShape.OpenCircle;
            }
        }

        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
