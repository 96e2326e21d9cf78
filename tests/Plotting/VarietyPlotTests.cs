using System.Xml.Linq;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Training.Plotting;

namespace HybridRecommender.Tests.Plotting;

public sealed class VarietyPlotTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("variety-plot-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static VarietyPoint Point(float diversity, float novelty, double ndcg, double coverage) =>
        new(diversity, novelty, new RankingScores(100, 10, 0.2, 0.25, ndcg),
            new CatalogueScores(100, 1000, (int)(coverage * 500), 500, coverage, 20, 0, 0), 0.2);

    [Fact]
    public void Writes_the_chart_as_png_and_svg_with_a_label_per_setting()
    {
        var points = new[] { Point(0, 0, 0.31, 0.25), Point(0.5f, 0, 0.28, 0.25), Point(0, 0.5f, 0.30, 0.32), Point(0.5f, 0.5f, 0.23, 0.34) };
        var files = VarietyPlot.Save(_folder, points, 10);
        Assert.Equal(["variety.png", "variety.svg"], files.Select(Path.GetFileName).Order());
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(files[0])[..4]);
        var svg = XDocument.Load(files[1]);
        var text = string.Concat(svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains("δ 0.5, ν 0.5", text);
        Assert.Contains("NDCG@10", text);
    }
}
