using System.Globalization;
using HybridRecommender.Core.Bundle;

namespace HybridRecommender.Api.Feedback;

/// <summary>
/// The ratings a client may give: the model's own scale, read from its card — MovieLens 1M has whole
/// stars 1–5; the CSV layout (ML-latest, ML-25M) has half stars 0.5–5.
/// </summary>
public sealed record RatingScale(float Min, float Max, float Step)
{
    public static RatingScale FromCard(ModelCard card) =>
        new(card.MinRating, card.MaxRating, card.Data.Layout == nameof(Core.Data.DatasetLayout.MovieLens1M) ? 1f : 0.5f);

    public bool Accepts(double value)
    {
        if (!double.IsFinite(value) || value < Min || value > Max) return false;
        var steps = (value - Min) / Step;
        return Math.Abs(steps - Math.Round(steps)) < 1e-9;
    }

    public string Describe() => Step == 1f
        ? $"a whole number of stars from {Format(Min)} to {Format(Max)}"
        : $"a multiple of {Format(Step)} stars from {Format(Min)} to {Format(Max)}";

    private static string Format(float v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
