using System.Text.Json.Serialization;

namespace HybridRecommender.Api.Contracts;

/// <summary>The answer of GET /recommend.</summary>
/// <param name="Strategy"><c>personalized</c> (scored by the model for the user) or <c>popular</c> (IMDb weighted-rating chart: no user given, or a user with no ratings yet — see <c>note</c>).</param>
/// <param name="UserId">The user scored for; personalised only.</param>
/// <param name="Genres">Canonical genre names filtered on (empty: no filter).</param>
/// <param name="Match"><c>any</c> or <c>all</c> of the genres.</param>
/// <param name="Chart">How the popular chart was computed; popular only.</param>
/// <param name="Items">Best first.</param>
/// <param name="Note">Why this strategy, when it is not the obvious one (a user with no ratings yet gets popular picks) or how the user's profile was made; while the ratings database is unavailable, that feedback is unavailable and which profile was used instead.</param>
public sealed record RecommendationResponse(
    string Strategy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? UserId,
    IReadOnlyList<string> Genres,
    string Match,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChartBasis? Chart,
    IReadOnlyList<RecommendedMovie> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note = null);
