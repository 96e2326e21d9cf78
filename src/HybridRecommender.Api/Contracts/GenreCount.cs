namespace HybridRecommender.Api.Contracts;

/// <summary>How many of a user's rated movies are in one genre.</summary>
/// <param name="Genre">Canonical genre name.</param>
/// <param name="RatedMovies">Rated movies in the genre.</param>
/// <param name="Share">RatedMovies over all the user's rated movies (a movie with several genres counts in each).</param>
public sealed record GenreCount(string Genre, int RatedMovies, double Share);
