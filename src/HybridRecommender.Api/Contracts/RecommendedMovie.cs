using System.Text.Json.Serialization;

namespace HybridRecommender.Api.Contracts;

/// <summary>One recommended movie. Personalised picks carry <c>predictedRating</c> and <c>because</c>; popular picks carry the chart figures instead. Every pick carries <c>reason</c> and <c>matchedGenres</c>.</summary>
/// <param name="MovieId">MovieLens movie id.</param>
/// <param name="Title">Title as a person reads it, article in front ("The Matrix"; MovieLens writes "Matrix, The"), without the year.</param>
/// <param name="Year">Release year, when the title gave one.</param>
/// <param name="Genres">The movie's genres.</param>
/// <param name="PredictedRating">The model's predicted rating for this user (1–5, the rating head, as /predict); personalised picks only. The list is ordered by the ranking score, not by this.</param>
/// <param name="WeightedRating">IMDb weighted rating; popular picks only.</param>
/// <param name="RatingCount">Training ratings of the movie; popular picks only.</param>
/// <param name="RatingMean">Mean training rating of the movie; popular picks only.</param>
/// <param name="Reason">Why this movie, in one plain sentence for a person, without figures: personalised — "Because you liked The Godfather." (the movie in <c>because</c>), or, with no liked movie to cite, the genres it shares with what the user liked; popular — "One of the best-loved Drama movies." (the requested genres it matches).</param>
/// <param name="Because">Personalised picks: the movie the user liked (rated at least min(4, their mean rating) and at least 3) whose learned vector is most similar (cosine) to this movie's. Absent when the user liked no movie with training ratings.</param>
/// <param name="MatchedGenres">The requested genres (query <c>genres</c>) this movie has, in vocabulary order; empty without a genre filter.</param>
public sealed record RecommendedMovie(
    int MovieId,
    string Title,
    int? Year,
    IReadOnlyList<string> Genres,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float? PredictedRating,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? WeightedRating,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RatingCount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? RatingMean,
    string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BecauseYouRated? Because,
    IReadOnlyList<string> MatchedGenres);
