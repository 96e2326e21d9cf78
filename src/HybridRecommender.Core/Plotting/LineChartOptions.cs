namespace HybridRecommender.Core.Plotting;

/// <summary>Texts and size of a line chart; the defaults suit a README image.</summary>
public sealed record LineChartOptions
{
    public string Title { get; init; } = "";
    public string XLabel { get; init; } = "";
    public string YLabel { get; init; } = "";
    public int Width { get; init; } = 720;
    public int Height { get; init; } = 420;
}
