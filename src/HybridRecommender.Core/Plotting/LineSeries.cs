using System.Text.RegularExpressions;

namespace HybridRecommender.Core.Plotting;

/// <summary>One named line of a chart. Non-finite points are kept here and skipped when drawn.</summary>
public sealed partial class LineSeries
{
    public LineSeries(string name, IReadOnlyList<(double X, double Y)> points, string color, bool dashed = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(color);
        // Only hex colours: the value lands in an SVG attribute and must not smuggle markup or CSS.
        if (!HexColor().IsMatch(color))
            throw new ArgumentException($"Colour '{color}' must be hex, like #1f77b4 or #abc.", nameof(color));
        Name = name;
        Points = points;
        Color = color;
        Dashed = dashed;
    }

    /// <summary>A series with one value per epoch, numbered from 1.</summary>
    public static LineSeries PerEpoch(string name, IReadOnlyList<double> values, string color, bool dashed = false) =>
        new(name, values.Select((v, i) => ((double)(i + 1), v)).ToArray(), color, dashed);

    public string Name { get; }
    public IReadOnlyList<(double X, double Y)> Points { get; }
    public string Color { get; }
    public bool Dashed { get; }

    [GeneratedRegex("^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColor();
}
