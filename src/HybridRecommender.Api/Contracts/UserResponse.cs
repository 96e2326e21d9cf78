namespace HybridRecommender.Api.Contracts;

/// <summary>What the model and the feedback database know about a user. No MovieLens rating values: the bundle stores which movies a user rated, never how.</summary>
/// <param name="Id">User id: a MovieLens user of the trained model, or a user created with POST /users.</param>
/// <param name="RatedCount">Movies the user rated: in the training data (all splits) and through the API, each counted once.</param>
/// <param name="FavouriteGenres">Genres by number of rated movies, most first (genres with none left out).</param>
/// <param name="Trained">True for a user of the trained model; false for a user created through the API.</param>
/// <param name="FeedbackRatings">Ratings given through the API (GET /users/{id}/ratings lists them).</param>
public sealed record UserResponse(int Id, int RatedCount, IReadOnlyList<GenreCount> FavouriteGenres, bool Trained, int FeedbackRatings);
