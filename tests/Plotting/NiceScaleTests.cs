using HybridRecommender.Core.Plotting;

namespace HybridRecommender.Tests.Plotting;

public sealed class NiceScaleTests
{
    [Fact]
    public void Narrow_loss_range_gets_steps_of_five_hundredths_not_a_zero_based_axis()
    {
        var ticks = NiceScale.Compute(0.71, 0.93);

        Assert.Equal([0.70, 0.75, 0.80, 0.85, 0.90, 0.95], ticks.Values);
        Assert.Equal(0.05, ticks.Step, 12);
        Assert.Equal(["0.70", "0.75", "0.80", "0.85", "0.90", "0.95"], ticks.Values.Select(ticks.Format));
    }

    [Fact]
    public void Twelve_epochs_get_integer_ticks()
    {
        var ticks = NiceScale.Compute(1, 12, integerTicks: true);

        Assert.Equal([0, 2, 4, 6, 8, 10, 12], ticks.Values);
        Assert.Equal(["0", "2", "4", "6", "8", "10", "12"], ticks.Values.Select(ticks.Format));
    }

    [Fact]
    public void Three_epochs_never_get_a_tick_at_one_and_a_half()
    {
        // Without the integer rule this range would get 1, 1.5, 2, 2.5, 3.
        Assert.Equal([1, 1.5, 2, 2.5, 3], NiceScale.Compute(1, 3).Values);
        Assert.Equal([1, 2, 3], NiceScale.Compute(1, 3, integerTicks: true).Values);
    }

    [Fact]
    public void Twenty_epochs_get_steps_of_five()
    {
        Assert.Equal([0, 5, 10, 15, 20], NiceScale.Compute(1, 20, integerTicks: true).Values);
    }

    [Fact]
    public void Two_and_a_half_step_gets_one_decimal()
    {
        var ticks = NiceScale.Compute(0, 15);

        Assert.Equal([0, 2.5, 5, 7.5, 10, 12.5, 15], ticks.Values);
        Assert.Equal("2.5", ticks.Format(2.5));
        Assert.Equal("10.0", ticks.Format(10));
    }

    [Fact]
    public void Range_crossing_zero_labels_zero_without_a_minus_sign()
    {
        var ticks = NiceScale.Compute(-0.3, 0.2);

        Assert.Equal([-0.3, -0.2, -0.1, 0, 0.1, 0.2], ticks.Values);
        Assert.Contains("0.0", ticks.Values.Select(ticks.Format));
        Assert.DoesNotContain("-0.0", ticks.Values.Select(ticks.Format));
    }

    [Theory]
    [InlineData(0.7, false)]
    [InlineData(0, false)]
    [InlineData(-3, false)]
    [InlineData(5, true)]
    public void Equal_min_and_max_are_padded_so_the_value_sits_inside(double value, bool integerTicks)
    {
        var ticks = NiceScale.Compute(value, value, integerTicks);

        Assert.True(ticks.Min < value && value < ticks.Max, $"{value} not strictly inside [{ticks.Min}, {ticks.Max}]");
        Assert.InRange(ticks.Values.Count, 3, 8);
    }

    [Fact]
    public void Any_range_is_covered_by_four_to_eight_evenly_spaced_ticks()
    {
        var random = new Random(12345);
        for (var i = 0; i < 2000; i++)
        {
            var scale = Math.Pow(10, random.Next(-6, 7));
            var a = (random.NextDouble() * 2 - 1) * scale;
            var b = a + random.NextDouble() * scale + scale * 1e-3;
            var ticks = NiceScale.Compute(a, b);

            Assert.True(ticks.Min <= a && ticks.Max >= b, $"[{ticks.Min}, {ticks.Max}] does not cover [{a}, {b}]");
            Assert.InRange(ticks.Values.Count, 4, 8);
            for (var t = 1; t < ticks.Values.Count; t++)
                Assert.Equal(ticks.Step, ticks.Values[t] - ticks.Values[t - 1], ticks.Step * 1e-6);
        }
    }

    [Fact]
    public void Non_finite_or_reversed_range_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceScale.Compute(double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceScale.Compute(0, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => NiceScale.Compute(2, 1));
    }
}
