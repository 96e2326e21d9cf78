using System.Text.Json.Serialization;
using HybridRecommender.Core.Data;

namespace HybridRecommender.Core.Bundle;

/// <summary>
/// One movie of model/movies.json: the catalogue plus aggregate training-set statistics for
/// popularity (count and mean only: the bundle never holds individual ratings — licence).
/// <see cref="Title"/> is MovieLens's form ("Matrix, The"); <see cref="DisplayTitle"/> is what a person reads ("The Matrix").
/// </summary>
public sealed record CatalogueEntry(int Id, string Title, int? Year, IReadOnlyList<string> Genres, int RatingCount, double RatingMean)
{
    /// <summary>The title with its article in front, as every response and sentence shows it (not stored: derived from <see cref="Title"/>).</summary>
    [JsonIgnore]
    public string DisplayTitle { get; } = Data.DisplayTitle.Of(Title);
}
