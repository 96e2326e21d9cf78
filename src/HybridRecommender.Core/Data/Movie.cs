namespace HybridRecommender.Core.Data;

/// <summary>A catalogue entry. <see cref="Year"/> is parsed from the trailing "(YYYY)" of the title.</summary>
public sealed record Movie(int Id, string Title, int? Year, IReadOnlyList<string> Genres);
