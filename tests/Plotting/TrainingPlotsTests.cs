using System.Xml.Linq;
using HybridRecommender.Core.Training;
using HybridRecommender.Training.Plotting;

namespace HybridRecommender.Tests.Plotting;

public sealed class TrainingPlotsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("plots-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static EpochMetrics[] Epochs() => Enumerable.Range(1, 6).Select(e =>
        new EpochMetrics(e, 1.0 / e + 0.5, 0.8 / e + 0.5, 0.9 - 0.02 * e + (e > 4 ? 0.03 : 0), Math.Sqrt(0.8), 0.7, 1, 1000, 0.003)).ToArray();

    [Fact]
    public void Writes_loss_and_mae_as_png_and_svg()
    {
        var files = TrainingPlots.Save(_folder, Epochs(), bestEpoch: 4);
        Assert.Equal(["loss.png", "loss.svg", "mae.png", "mae.svg"], files.Select(Path.GetFileName).Order());
        foreach (var png in files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(png);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            // IHDR: width and height, big-endian, at bytes 16–23.
            Assert.Equal(TrainingPlots.Width, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
            Assert.Equal(TrainingPlots.Height, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
        }
        foreach (var svg in files.Where(f => f.EndsWith(".svg", StringComparison.Ordinal)))
            Assert.Equal("svg", XDocument.Load(svg).Root!.Name.LocalName);
    }

    [Fact]
    public void The_plot_has_both_series_and_marks_the_kept_epoch()
    {
        var plot = TrainingPlots.Loss(Epochs(), bestEpoch: 4);
        var legend = plot.GetPlottables().Select(p => p.LegendItems.FirstOrDefault()?.LabelText).Where(t => t is not null).ToArray();
        Assert.Contains("train MSE", legend);
        Assert.Contains("validation MSE", legend);
        Assert.Contains("kept: epoch 4", legend);
    }
}
