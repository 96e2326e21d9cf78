namespace HybridRecommender.Api.Contracts;

/// <summary>What the model knows about a user. No rating values: the bundle stores which movies a user rated, never how.</summary>
/// <param name="Id">MovieLens user id.</param>
/// <param name="RatedCount">Movies the user rated (all splits).</param>
/// <param name="FavouriteGenres">Genres by number of rated movies, most first (genres with none left out).</param>
public sealed record UserResponse(int Id, int RatedCount, IReadOnlyList<GenreCount> FavouriteGenres);
