using System.Globalization;
using HybridRecommender.Core.Evaluation;
using ScottPlot;

namespace HybridRecommender.Training.Plotting;

/// <summary>evaluate's variety chart, drawn with ScottPlot: NDCG@k against catalogue coverage, one point per (diversity, novelty) setting.</summary>
public static class VarietyPlot
{
    public const string Png = "variety.png";
    public const string Svg = "variety.svg";

    public static Plot Chart(IReadOnlyList<VarietyPoint> points, int k)
    {
        var plot = new Plot();
        var series = new (string Label, Func<VarietyPoint, bool> Keep, Color Color)[]
        {
            ("diversity (novelty 0)", p => p.Novelty == 0, Colors.C0),
            ("novelty (diversity 0)", p => p.Diversity == 0, Colors.C1),
            ("both", p => p.Diversity > 0 && p.Novelty > 0, Colors.C2),
        };
        foreach (var (label, keep, color) in series)
        {
            var chosen = points.Where(keep).OrderBy(p => p.Diversity + p.Novelty).ToArray();
            if (chosen.Length == 0) continue;
            var s = plot.Add.Scatter(chosen.Select(p => p.Catalogue.Coverage * 100).ToArray(), chosen.Select(p => p.Ranking.Ndcg).ToArray());
            s.LegendText = label;
            s.Color = color;
            s.LineWidth = 2;
            s.MarkerSize = 8;
            foreach (var p in chosen)
            {
                var text = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $"δ {p.Diversity:0.##}, ν {p.Novelty:0.##}"),
                    p.Catalogue.Coverage * 100, p.Ranking.Ndcg);
                text.LabelFontSize = 11;
                text.LabelOffsetX = 6;
            }
        }
        plot.Title($"The served lists re-ranked for variety: NDCG@{k} against catalogue coverage (test)");
        plot.XLabel("catalogue coverage of the top-10 lists (%)");
        plot.YLabel($"NDCG@{k}");
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Margins(left: 0.05, right: 0.2, bottom: 0.08, top: 0.12); // room for the point labels at the right edge
        return plot;
    }

    /// <summary>Writes the chart as PNG and SVG into <paramref name="directory"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Save(string directory, IReadOnlyList<VarietyPoint> points, int k)
    {
        Directory.CreateDirectory(directory);
        var plot = Chart(points, k);
        var png = Path.Combine(directory, Png);
        var svg = Path.Combine(directory, Svg);
        plot.SavePng(png, TrainingPlots.Width, TrainingPlots.Height);
        plot.SaveSvg(svg, TrainingPlots.Width, TrainingPlots.Height);
        return [png, svg];
    }
}
