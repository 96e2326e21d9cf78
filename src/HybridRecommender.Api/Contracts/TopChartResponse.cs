using System.Text.Json.Serialization;

namespace HybridRecommender.Api.Contracts;

/// <summary>The answer of GET /top.</summary>
/// <param name="Genres">Canonical genre names filtered on (empty: no filter).</param>
/// <param name="Match"><c>any</c> or <c>all</c> of the genres.</param>
/// <param name="Chart">The m and C used.</param>
/// <param name="Items">Highest weighted rating first.</param>
/// <param name="Note">When no movie qualifies: why, and what to change (left out otherwise).</param>
public sealed record TopChartResponse(IReadOnlyList<string> Genres, string Match, ChartBasis Chart, IReadOnlyList<ChartEntry> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note = null);
