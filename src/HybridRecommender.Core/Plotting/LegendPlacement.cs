namespace HybridRecommender.Core.Plotting;

/// <summary>
/// Chooses the plot corner for the legend that hides the fewest line pixels, preferring top-right,
/// then top-left, bottom-right, bottom-left when corners tie (decreasing loss curves leave top-right empty).
/// </summary>
internal static class LegendPlacement
{
    /// <summary>Lines are sampled every few pixels so a segment crossing the box counts, not only its ends.</summary>
    private const double SampleSpacing = 3;

    /// <summary>Lines this close to the box count as covered: a box touching a curve looks cramped.</summary>
    private const double Margin = 12;

    public static (double Left, double Top) LeastCovering(PlotFrame frame, double width, double height, double inset,
        IReadOnlyList<(double X, double Y)[]> lines)
    {
        (double Left, double Top)[] corners =
        [
            (frame.Right - inset - width, frame.Top + inset),
            (frame.Left + inset, frame.Top + inset),
            (frame.Right - inset - width, frame.Bottom - inset - height),
            (frame.Left + inset, frame.Bottom - inset - height),
        ];
        var best = corners[0];
        var bestCovered = int.MaxValue;
        foreach (var corner in corners)
        {
            var covered = CountCovered(corner.Left - Margin, corner.Top - Margin, width + 2 * Margin, height + 2 * Margin, lines);
            if (covered < bestCovered)
            {
                best = corner;
                bestCovered = covered;
            }
        }
        return best;
    }

    private static int CountCovered(double left, double top, double width, double height, IReadOnlyList<(double X, double Y)[]> lines)
    {
        var count = 0;
        foreach (var line in lines)
        {
            if (line.Length == 1 && Inside(line[0])) count++;
            for (var i = 1; i < line.Length; i++)
            {
                var (a, b) = (line[i - 1], line[i]);
                var samples = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y)) / SampleSpacing));
                for (var s = 0; s <= samples; s++)
                {
                    var t = (double)s / samples;
                    if (Inside((a.X + t * (b.X - a.X), a.Y + t * (b.Y - a.Y)))) count++;
                }
            }
        }
        return count;

        bool Inside((double X, double Y) p) => p.X >= left && p.X <= left + width && p.Y >= top && p.Y <= top + height;
    }
}
