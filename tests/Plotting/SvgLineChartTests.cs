using System.Globalization;
using System.Xml.Linq;
using HybridRecommender.Core.Plotting;

namespace HybridRecommender.Tests.Plotting;

public sealed class SvgLineChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly double[] TrainLoss = Enumerable.Range(0, 20).Select(e => 0.62 + 0.33 * Math.Exp(-0.2 * e)).ToArray();
    private static readonly double[] ValidationLoss = Enumerable.Range(0, 20).Select(e => 0.74 + 0.16 * Math.Exp(-0.3 * e)).ToArray();

    private static readonly LineChartOptions LossOptions = new() { Title = "Loss per epoch", XLabel = "epoch", YLabel = "MSE" };

    private static SvgLineChart LossChart(LineChartOptions? options = null) => new(
        [LineSeries.PerEpoch("train", TrainLoss, "#1f77b4"), LineSeries.PerEpoch("validation", ValidationLoss, "#ff7f0e", dashed: true)],
        options ?? LossOptions);

    [Fact]
    public void Renders_a_standalone_svg_with_size_and_view_box()
    {
        var svg = XDocument.Parse(LossChart().Render()).Root!;

        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal("1.1", (string?)svg.Attribute("version"));
        Assert.Equal("720", (string?)svg.Attribute("width"));
        Assert.Equal("420", (string?)svg.Attribute("height"));
        Assert.Equal("0 0 720 420", (string?)svg.Attribute("viewBox"));
        Assert.Contains("sans-serif", (string?)svg.Attribute("font-family"));
    }

    [Fact]
    public void Has_no_scripts_or_external_references()
    {
        var text = LossChart().Render();
        var svg = XDocument.Parse(text).Root!;

        Assert.Empty(svg.Descendants(Svg + "script"));
        Assert.DoesNotContain("href", text);
        Assert.DoesNotContain("url(", text);
    }

    [Fact]
    public void Shows_title_axis_labels_and_both_legend_names()
    {
        var svg = XDocument.Parse(LossChart().Render()).Root!;
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();

        Assert.Contains("Loss per epoch", texts);
        Assert.Contains("epoch", texts);
        Assert.Contains("MSE", texts);
        var legendTexts = Group(svg, "legend").Descendants(Svg + "text").Select(t => t.Value);
        Assert.Equal(["train", "validation"], legendTexts);
    }

    [Fact]
    public void Draws_one_polyline_per_series_with_one_vertex_and_marker_per_point()
    {
        var svg = XDocument.Parse(LossChart().Render()).Root!;
        var series = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "series").ToList();

        Assert.Equal(2, svg.Descendants(Svg + "polyline").Count());
        Assert.Equal(2, series.Count);
        foreach (var group in series)
        {
            Assert.Equal(20, PolylinePoints(group).Length);
            Assert.Equal(20, group.Descendants(Svg + "circle").Count());
        }
        Assert.Null(series[0].Element(Svg + "polyline")!.Attribute("stroke-dasharray"));
        Assert.NotNull(series[1].Element(Svg + "polyline")!.Attribute("stroke-dasharray"));
    }

    [Fact]
    public void Lower_values_are_drawn_lower_on_the_page()
    {
        var svg = XDocument.Parse(LossChart().Render()).Root!;
        var train = PolylinePoints(svg.Descendants(Svg + "polyline").First());

        // SVG y grows downwards; a falling loss must move down and to the right.
        Assert.True(train[^1].Y > train[0].Y);
        Assert.True(train[^1].X > train[0].X);
    }

    [Fact]
    public void Epoch_axis_has_integer_labels_and_loss_axis_starts_near_the_data()
    {
        var svg = XDocument.Parse(LossChart().Render()).Root!;

        Assert.Equal(["0", "5", "10", "15", "20"], Group(svg, "x-ticks").Elements(Svg + "text").Select(t => t.Value));
        var yLabels = Group(svg, "y-ticks").Elements(Svg + "text").Select(t => double.Parse(t.Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(0.6, yLabels.Min(), 9);
        Assert.Equal(1.0, yLabels.Max(), 9);
    }

    [Fact]
    public void Numbers_use_invariant_culture_whatever_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        try
        {
            CultureInfo.CurrentCulture = commaCulture;
            var svg = XDocument.Parse(LossChart().Render()).Root!;

            Assert.All(Group(svg, "y-ticks").Elements(Svg + "text"), t => Assert.DoesNotContain(",", t.Value));
            Assert.All(svg.Descendants(Svg + "polyline"), p => Assert.Matches(@"^[0-9.]+,[0-9.]+( [0-9.]+,[0-9.]+)*$", (string)p.Attribute("points")!));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Special_characters_in_texts_are_escaped()
    {
        const string title = "MSE < 0.8 & \"good\" <script>";
        var chart = new SvgLineChart([LineSeries.PerEpoch("a&b <c>", [0.9, 0.8], "#123abc")], new LineChartOptions { Title = title, YLabel = "y's" });

        var text = chart.Render();
        var svg = XDocument.Parse(text).Root!;

        Assert.Contains("MSE &lt; 0.8 &amp; \"good\" &lt;script&gt;", text);
        Assert.DoesNotContain("<script>", text);
        Assert.Contains(title, svg.Descendants(Svg + "text").Select(t => t.Value));
        Assert.Contains("a&b <c>", svg.Descendants(Svg + "text").Select(t => t.Value));
    }

    [Fact]
    public void Legend_sits_top_right_for_falling_curves()
    {
        var legend = LegendBox(XDocument.Parse(LossChart().Render()).Root!);

        Assert.True(legend.X > 360 && legend.Y < 210, $"legend at ({legend.X}, {legend.Y})");
    }

    [Fact]
    public void Legend_moves_away_from_curves_rising_into_the_top_right()
    {
        var rising = Enumerable.Range(0, 20).Select(e => 0.1 + 0.04 * e).ToArray();
        var chart = new SvgLineChart([LineSeries.PerEpoch("rising", rising, "#1f77b4"), LineSeries.PerEpoch("also rising", rising.Select(v => v * 0.9).ToArray(), "#ff7f0e")]);

        var legend = LegendBox(XDocument.Parse(chart.Render()).Root!);

        Assert.False(legend.X > 360 && legend.Y < 210, $"legend at ({legend.X}, {legend.Y}) covers the rising curves");
    }

    [Fact]
    public void Non_finite_points_are_skipped()
    {
        var chart = new SvgLineChart([LineSeries.PerEpoch("train", [0.9, double.NaN, 0.8, double.PositiveInfinity, 0.7, double.NegativeInfinity], "#1f77b4")]);

        var svg = XDocument.Parse(chart.Render()).Root!;

        Assert.Equal(3, PolylinePoints(svg.Descendants(Svg + "polyline").Single()).Length);
        Assert.DoesNotContain("NaN", chart.Render());
    }

    [Fact]
    public void Long_runs_drop_markers_in_plot_and_legend_alike()
    {
        var values = Enumerable.Range(0, 200).Select(e => 1.0 / (e + 1)).ToArray();
        var svg = XDocument.Parse(new SvgLineChart([LineSeries.PerEpoch("train", values, "#1f77b4")]).Render()).Root!;

        Assert.Equal(200, PolylinePoints(svg.Descendants(Svg + "polyline").Single()).Length);
        Assert.Empty(svg.Descendants(Svg + "circle"));
    }

    public static TheoryData<string, LineSeries[]> EdgeCases => new()
    {
        { "one point", [LineSeries.PerEpoch("train", [0.8], "#1f77b4")] },
        { "all equal", [LineSeries.PerEpoch("train", [0.7, 0.7, 0.7], "#1f77b4")] },
        { "all zero", [LineSeries.PerEpoch("train", [0, 0], "#1f77b4")] },
        { "one series empty", [LineSeries.PerEpoch("train", [0.9, 0.8], "#1f77b4"), LineSeries.PerEpoch("validation", [], "#ff7f0e")] },
        { "negative and fractional x", [new LineSeries("s", [(-1.5, 2.0), (0.25, -3.0), (4.0, 1e-4)], "#abc")] },
        { "huge values", [new LineSeries("s", [(1, 1e12), (2, 3e12)], "#abc")] },
    };

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void Edge_cases_render_valid_svg_with_every_finite_point(string caseName, LineSeries[] series)
    {
        var svg = XDocument.Parse(new SvgLineChart(series, LossOptions).Render()).Root!;

        var expected = series.Sum(s => s.Points.Count);
        var drawn = svg.Descendants(Svg + "polyline").Sum(p => PolylinePoints(p).Length);
        Assert.True(expected == drawn, $"{caseName}: {drawn} of {expected} points drawn");
        Assert.All(svg.Descendants(Svg + "polyline").SelectMany(PolylinePoints), p =>
            Assert.True(p.X is >= 0 and <= 720 && p.Y is >= 0 and <= 420, $"{caseName}: point {p} outside the chart"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Chart_without_data_draws_axes_and_says_no_data(bool noSeriesAtAll)
    {
        LineSeries[] series = noSeriesAtAll ? [] : [LineSeries.PerEpoch("train", [double.NaN], "#1f77b4"), LineSeries.PerEpoch("validation", [], "#ff7f0e")];

        var svg = XDocument.Parse(new SvgLineChart(series, LossOptions).Render()).Root!;

        Assert.Equal("no data", Group(svg, "no-data", "text").Value);
        Assert.NotEmpty(Group(svg, "axes").Elements(Svg + "line"));
        Assert.Empty(svg.Descendants(Svg + "polyline"));
    }

    [Fact]
    public void Save_writes_the_rendered_svg_and_leaves_no_temp_file()
    {
        var folder = Directory.CreateTempSubdirectory("svg-chart-tests-").FullName;
        try
        {
            var path = Path.Combine(folder, "loss.svg");
            File.WriteAllText(path, "old");
            var chart = LossChart();

            chart.Save(path);

            Assert.Equal(chart.Render(), File.ReadAllText(path));
            Assert.Equal([path], Directory.GetFiles(folder));
            Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]); // no UTF-8 byte order mark
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("red")]
    [InlineData("#12345")]
    [InlineData("#fff\" onload=\"x")]
    public void Colour_must_be_hex(string colour)
    {
        Assert.Throws<ArgumentException>(() => new LineSeries("s", [], colour));
    }

    private static XElement Group(XElement svg, string cssClass, string element = "g") =>
        svg.Descendants(Svg + element).Single(g => (string?)g.Attribute("class") == cssClass);

    private static (double X, double Y) LegendBox(XElement svg)
    {
        var rect = Group(svg, "legend").Element(Svg + "rect")!;
        return (double.Parse((string)rect.Attribute("x")!, CultureInfo.InvariantCulture), double.Parse((string)rect.Attribute("y")!, CultureInfo.InvariantCulture));
    }

    private static (double X, double Y)[] PolylinePoints(XElement element)
    {
        var polyline = element.Name == Svg + "polyline" ? element : element.Element(Svg + "polyline")!;
        return ((string)polyline.Attribute("points")!)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split(','))
            .Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))
            .ToArray();
    }
}
