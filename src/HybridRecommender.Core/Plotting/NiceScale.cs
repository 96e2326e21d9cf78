namespace HybridRecommender.Core.Plotting;

/// <summary>
/// Picks "nice" axis ticks: steps of 1, 2, 2.5 or 5 × 10^k, the smallest such step that covers the
/// data with at most <c>maxTicks</c> ticks (which in practice gives 5–8). The range is never forced
/// to include zero, so a loss curve between 0.71 and 0.93 gets 0.70–0.95, not 0–1.
/// </summary>
public static class NiceScale
{
    private static readonly double[] Multipliers = [1, 2, 2.5, 5];

    /// <summary>Absorbs floating error such as 0.7 / 0.05 = 13.999999999999998.</summary>
    private const double Tolerance = 1e-9;

    /// <summary>
    /// Ticks covering [min, max]. With <paramref name="integerTicks"/> (epochs) every tick is a whole
    /// number: never a tick at 1.5.
    /// </summary>
    public static AxisTicks Compute(double min, double max, bool integerTicks = false, int maxTicks = 8)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
            throw new ArgumentOutOfRangeException(nameof(min), $"Axis range [{min}, {max}] must be finite.");
        if (min > max)
            throw new ArgumentException($"Axis minimum {min} is above the maximum {max}.", nameof(min));
        // Three ticks always suffice in the end (-step, 0, step), so the search below terminates.
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTicks, 3);

        if (min == max)
        {
            // A flat line still needs a range; pad it so the line sits mid-plot.
            var pad = integerTicks ? 1 : min == 0 ? 1 : Math.Abs(min) * 0.05;
            min -= pad;
            max += pad;
        }
        var range = max - min;
        if (!double.IsFinite(range))
            throw new ArgumentOutOfRangeException(nameof(max), $"Axis range [{min}, {max}] is too wide to plot.");

        var exponent = (int)Math.Floor(Math.Log10(range / maxTicks)) - 1;
        for (; ; exponent++)
        {
            var power = Math.Pow(10, exponent);
            foreach (var multiplier in Multipliers)
            {
                var step = multiplier * power;
                if (integerTicks && (step < 1 || step % 1 != 0)) continue;
                var first = Math.Floor(min / step + Tolerance);
                var last = Math.Ceiling(max / step - Tolerance);
                if (last - first + 1 > maxTicks) continue;

                // 2.5 × 10^k needs one more decimal than 10^k does.
                var decimals = Math.Clamp(-exponent + (multiplier == 2.5 ? 1 : 0), 0, 15);
                var values = new List<double>();
                for (var i = first; i <= last; i++) values.Add(Math.Round(i * step, decimals) + 0.0);
                return new AxisTicks(values[0], values[^1], step, values, decimals);
            }
        }
    }
}
