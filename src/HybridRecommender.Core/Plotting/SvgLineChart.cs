using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using HybridRecommender.Core.IO;

namespace HybridRecommender.Core.Plotting;

/// <summary>
/// A standalone SVG 1.1 line chart (no scripts, no external references) for training curves:
/// nice ticks, light grid, one polyline with markers per series, and a legend in the plot corner
/// that covers the least data. Non-finite points are skipped.
/// </summary>
public sealed class SvgLineChart
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private const string FontFamily = "'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";
    private const string TextColor = "#222222";
    private const string MutedTextColor = "#555555";
    private const string AxisColor = "#666666";
    private const string GridColor = "#e6e6e6";

    private const double TitleFontSize = 16;
    private const double LabelFontSize = 13;
    private const double TickFontSize = 11;
    private const double LegendFontSize = 12;
    private const double TickLength = 5;

    /// <summary>Past this many points per series, markers would blur into a thick line.</summary>
    private const int MaxPointsWithMarkers = 60;

    public SvgLineChart(IReadOnlyList<LineSeries> series, LineChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        Options = options ?? new LineChartOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Width, 240, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Height, 160, nameof(options));
        Series = series;
    }

    public IReadOnlyList<LineSeries> Series { get; }
    public LineChartOptions Options { get; }

    /// <summary>Writes the SVG atomically (UTF-8, no BOM), so a server never serves half a file.</summary>
    public void Save(string path)
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Render());
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    public string Render()
    {
        var drawn = Series
            .Select(s => (Series: s, Points: s.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToArray()))
            .Where(s => s.Points.Length > 0)
            .ToList();
        var allPoints = drawn.SelectMany(s => s.Points).ToList();
        var hasData = allPoints.Count > 0;

        var xTicks = hasData
            ? NiceScale.Compute(allPoints.Min(p => p.X), allPoints.Max(p => p.X), integerTicks: allPoints.All(p => p.X % 1 == 0))
            : NiceScale.Compute(0, 1);
        var yTicks = hasData ? YTicks(allPoints.Min(p => p.Y), allPoints.Max(p => p.Y)) : NiceScale.Compute(0, 1);

        var frame = PlotFrame.Layout(Options, xTicks, yTicks);
        var root = new XElement(Svg + "svg",
            new XAttribute("version", "1.1"),
            new XAttribute("width", Options.Width),
            new XAttribute("height", Options.Height),
            new XAttribute("viewBox", $"0 0 {Options.Width} {Options.Height}"),
            new XAttribute("font-family", FontFamily),
            new XAttribute("role", "img"));
        if (Options.Title.Length > 0)
            root.Add(new XElement(Svg + "title", Clean(Options.Title)));
        root.Add(new XElement(Svg + "rect", Attr("width", Options.Width), Attr("height", Options.Height), new XAttribute("fill", "#ffffff")));

        root.Add(Grid(frame, xTicks, yTicks));
        root.Add(Axes(frame, xTicks, yTicks));
        root.Add(Texts(frame));

        if (!hasData)
        {
            root.Add(Text("no data", frame.Left + frame.Width / 2, frame.Top + frame.Height / 2, LabelFontSize, MutedTextColor, "middle",
                new XAttribute("class", "no-data")));
        }
        else
        {
            var pixelSeries = drawn.Select(s => (s.Series, Pixels: s.Points.Select(p => frame.ToPixel(p, xTicks, yTicks)).ToArray())).ToList();
            foreach (var (series, pixels) in pixelSeries)
                root.Add(SeriesGroup(series, pixels));
            root.Add(Legend(frame, pixelSeries));
        }

        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.ToString(SaveOptions.None) + "\n";
    }

    /// <summary>
    /// A little headroom first, so a curve ending exactly on a nice value (0.70) does not run along the
    /// plot border where the axis or top grid line hides it.
    /// </summary>
    private static AxisTicks YTicks(double min, double max)
    {
        var headroom = (max - min) * 0.02;
        return NiceScale.Compute(min - headroom, max + headroom);
    }

    private static XElement Grid(PlotFrame frame, AxisTicks xTicks, AxisTicks yTicks)
    {
        var grid = new XElement(Svg + "g", new XAttribute("class", "grid"), new XAttribute("stroke", GridColor), Attr("stroke-width", 1), new XAttribute("shape-rendering", "crispEdges"));
        foreach (var x in xTicks.Values)
        {
            var px = frame.XToPixel(x, xTicks);
            grid.Add(Line(px, frame.Top, px, frame.Bottom));
        }
        foreach (var y in yTicks.Values)
        {
            var py = frame.YToPixel(y, yTicks);
            grid.Add(Line(frame.Left, py, frame.Right, py));
        }
        return grid;
    }

    private static XElement Axes(PlotFrame frame, AxisTicks xTicks, AxisTicks yTicks)
    {
        var lines = new XElement(Svg + "g", new XAttribute("class", "axes"), new XAttribute("stroke", AxisColor), Attr("stroke-width", 1), new XAttribute("shape-rendering", "crispEdges"),
            Line(frame.Left, frame.Top, frame.Left, frame.Bottom),
            Line(frame.Left, frame.Bottom, frame.Right, frame.Bottom));
        var xLabels = new XElement(Svg + "g", new XAttribute("class", "x-ticks"), new XAttribute("text-anchor", "middle"));
        var yLabels = new XElement(Svg + "g", new XAttribute("class", "y-ticks"), new XAttribute("text-anchor", "end"));
        foreach (var x in xTicks.Values)
        {
            var px = frame.XToPixel(x, xTicks);
            lines.Add(Line(px, frame.Bottom, px, frame.Bottom + TickLength));
            xLabels.Add(Text(xTicks.Format(x), px, frame.Bottom + TickLength + TickFontSize + 3, null, null, null));
        }
        foreach (var y in yTicks.Values)
        {
            var py = frame.YToPixel(y, yTicks);
            lines.Add(Line(frame.Left - TickLength, py, frame.Left, py));
            // dy centres the digits on the tick without relying on dominant-baseline support.
            yLabels.Add(Text(yTicks.Format(y), frame.Left - TickLength - 4, py, null, null, null, new XAttribute("dy", "0.35em")));
        }
        return new XElement(Svg + "g", lines,
            new XElement(Svg + "g", Attr("font-size", TickFontSize), new XAttribute("fill", MutedTextColor), xLabels, yLabels));
    }

    private XElement Texts(PlotFrame frame)
    {
        var group = new XElement(Svg + "g", new XAttribute("class", "labels"), new XAttribute("fill", TextColor));
        var centreX = frame.Left + frame.Width / 2;
        if (Options.Title.Length > 0)
            group.Add(Text(Options.Title, centreX, PlotFrame.TitleBaseline, TitleFontSize, null, "middle", new XAttribute("font-weight", "bold")));
        if (Options.XLabel.Length > 0)
            group.Add(Text(Options.XLabel, centreX, Options.Height - 14, LabelFontSize, null, "middle"));
        if (Options.YLabel.Length > 0)
        {
            var x = PlotFrame.YLabelCentre;
            var y = frame.Top + frame.Height / 2;
            group.Add(Text(Options.YLabel, x, y, LabelFontSize, null, "middle",
                new XAttribute("transform", $"rotate(-90 {Num(x)} {Num(y)})")));
        }
        return group;
    }

    private static XElement SeriesGroup(LineSeries series, (double X, double Y)[] pixels)
    {
        var group = new XElement(Svg + "g", new XAttribute("class", "series"));
        var line = new XElement(Svg + "polyline",
            new XAttribute("points", string.Join(" ", pixels.Select(p => $"{Num(p.X)},{Num(p.Y)}"))),
            new XAttribute("fill", "none"),
            new XAttribute("stroke", series.Color),
            Attr("stroke-width", 2),
            new XAttribute("stroke-linejoin", "round"),
            new XAttribute("stroke-linecap", "round"));
        if (series.Dashed) line.Add(new XAttribute("stroke-dasharray", "6 4"));
        group.Add(line);

        if (HasMarkers(pixels))
        {
            var markers = new XElement(Svg + "g", new XAttribute("fill", series.Color), new XAttribute("stroke", "#ffffff"), Attr("stroke-width", 1));
            foreach (var p in pixels)
                markers.Add(new XElement(Svg + "circle", Attr("cx", p.X), Attr("cy", p.Y), Attr("r", 3)));
            group.Add(markers);
        }
        return group;
    }

    private static XElement Legend(PlotFrame frame, List<(LineSeries Series, (double X, double Y)[] Pixels)> series)
    {
        const double padding = 10, rowHeight = 20, sampleLength = 24, gap = 8, inset = 10;
        var width = padding + sampleLength + gap + series.Max(s => EstimateTextWidth(s.Series.Name, LegendFontSize)) + padding;
        var height = padding * 2 + rowHeight * (series.Count - 1) + LegendFontSize;

        var (left, top) = LegendPlacement.LeastCovering(frame, width, height, inset, series.Select(s => s.Pixels).ToList());

        var legend = new XElement(Svg + "g", new XAttribute("class", "legend"),
            new XElement(Svg + "rect", Attr("x", left), Attr("y", top), Attr("width", width), Attr("height", height), Attr("rx", 4),
                new XAttribute("fill", "#ffffff"), Attr("fill-opacity", 0.9), new XAttribute("stroke", "#cccccc"), Attr("stroke-width", 1)));
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i].Series;
            var rowMiddle = top + padding + LegendFontSize / 2 + i * rowHeight;
            var sampleLeft = left + padding;
            var sample = Line(sampleLeft, rowMiddle, sampleLeft + sampleLength, rowMiddle);
            sample.Add(new XAttribute("stroke", s.Color), Attr("stroke-width", 2));
            if (s.Dashed) sample.Add(new XAttribute("stroke-dasharray", "6 4"));
            legend.Add(sample);
            if (HasMarkers(series[i].Pixels))
                legend.Add(new XElement(Svg + "circle", Attr("cx", sampleLeft + sampleLength / 2), Attr("cy", rowMiddle), Attr("r", 3),
                    new XAttribute("fill", s.Color), new XAttribute("stroke", "#ffffff"), Attr("stroke-width", 1)));
            legend.Add(Text(s.Name, sampleLeft + sampleLength + gap, rowMiddle, LegendFontSize, TextColor, "start", new XAttribute("dy", "0.35em")));
        }
        return legend;
    }

    private static bool HasMarkers((double X, double Y)[] pixels) => pixels.Length <= MaxPointsWithMarkers;

    /// <summary>Rough width of sans-serif text; enough to size margins and the legend box.</summary>
    internal static double EstimateTextWidth(string text, double fontSize) => text.Length * fontSize * 0.6;

    private static XElement Line(double x1, double y1, double x2, double y2) =>
        new(Svg + "line", Attr("x1", x1), Attr("y1", y1), Attr("x2", x2), Attr("y2", y2));

    private static XElement Text(string content, double x, double y, double? fontSize, string? fill, string? anchor, params XAttribute[] extra)
    {
        var text = new XElement(Svg + "text", Attr("x", x), Attr("y", y), Clean(content));
        if (anchor is not null) text.Add(new XAttribute("text-anchor", anchor));
        if (fontSize is { } size) text.Add(Attr("font-size", size));
        if (fill is not null) text.Add(new XAttribute("fill", fill));
        text.Add(extra);
        return text;
    }

    private static XAttribute Attr(string name, double value) => new(name, Num(value));

    internal static string Num(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>XElement escapes &lt; &amp; and quotes itself; characters XML cannot hold at all are dropped.</summary>
    private static string Clean(string text) => string.Concat(text.Where(XmlConvert.IsXmlChar));
}
