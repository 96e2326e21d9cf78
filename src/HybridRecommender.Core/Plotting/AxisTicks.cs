using System.Globalization;

namespace HybridRecommender.Core.Plotting;

/// <summary>
/// An axis range and its tick values: the axis runs from the first to the last tick, every
/// <see cref="Step"/>; <see cref="Decimals"/> is how many decimals the labels need.
/// </summary>
public sealed record AxisTicks(double Min, double Max, double Step, IReadOnlyList<double> Values, int Decimals)
{
    public string Format(double value) =>
        // Adding 0.0 turns -0 into 0, so a tick at zero never reads "-0.00".
        (Math.Round(value, Decimals) + 0.0).ToString("F" + Decimals, CultureInfo.InvariantCulture);
}
