namespace HybridRecommender.Api.Contracts;

/// <summary>The answer of GET /predict.</summary>
/// <param name="UserId">MovieLens user id.</param>
/// <param name="MovieId">MovieLens movie id.</param>
/// <param name="Title">The movie's title, article in front ("The Matrix").</param>
/// <param name="PredictedRating">The model's predicted rating, clamped to the rating scale (1–5).</param>
/// <param name="AlreadyRated">True when the user rated this movie in the data or through the API (the prediction is then not a recommendation).</param>
/// <param name="Note">For a user with no ratings yet: the prediction is the model's for an average user (zero user vector and bias). While the ratings database is unavailable: that feedback is unavailable and which profile was used instead.</param>
public sealed record PredictionResponse(int UserId, int MovieId, string Title, float PredictedRating, bool AlreadyRated,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Note = null);
