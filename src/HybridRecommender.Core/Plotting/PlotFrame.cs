namespace HybridRecommender.Core.Plotting;

/// <summary>The plot area's pixel rectangle inside the chart, and the data-to-pixel mapping.</summary>
internal sealed record PlotFrame(double Left, double Top, double Right, double Bottom)
{
    public const double TitleBaseline = 28;
    public const double YLabelCentre = 16;

    public double Width => Right - Left;
    public double Height => Bottom - Top;

    /// <summary>Margins fit the texts present: the widest y tick label sets the left margin.</summary>
    public static PlotFrame Layout(LineChartOptions options, AxisTicks xTicks, AxisTicks yTicks)
    {
        const double tickFont = 11;
        var widestYLabel = yTicks.Values.Max(v => SvgLineChart.EstimateTextWidth(yTicks.Format(v), tickFont));
        var left = (options.YLabel.Length > 0 ? 30 : 10) + widestYLabel + 12;
        var top = options.Title.Length > 0 ? 48.0 : 16.0;
        var bottom = options.Height - (options.XLabel.Length > 0 ? 52.0 : 32.0);
        // Room for half of the last x tick label, which is centred on the right edge.
        var right = options.Width - Math.Max(20, SvgLineChart.EstimateTextWidth(xTicks.Format(xTicks.Max), tickFont) / 2 + 6);
        return new PlotFrame(left, top, right, bottom);
    }

    public double XToPixel(double x, AxisTicks ticks) => Left + (x - ticks.Min) / (ticks.Max - ticks.Min) * Width;

    public double YToPixel(double y, AxisTicks ticks) => Bottom - (y - ticks.Min) / (ticks.Max - ticks.Min) * Height;

    public (double X, double Y) ToPixel((double X, double Y) point, AxisTicks xTicks, AxisTicks yTicks) =>
        (XToPixel(point.X, xTicks), YToPixel(point.Y, yTicks));
}
