using System.Text.Json.Serialization;

namespace HybridRecommender.Api.Contracts;

/// <summary>A catalogue movie with its training-set popularity.</summary>
/// <param name="Id">Movie id: a MovieLens movie id, or one POST /movies returned (above every MovieLens id).</param>
/// <param name="Title">Title as a person reads it, article in front ("The Matrix"; MovieLens writes "Matrix, The"), without the year.</param>
/// <param name="Year">Release year, when known.</param>
/// <param name="Genres">The movie's genres.</param>
/// <param name="RatingCount">Ratings of the movie in the training split (0 for a movie added after training).</param>
/// <param name="RatingMean">Mean rating in the training split; null when the movie has no training rating.</param>
/// <param name="Added">Set for a movie added after training with POST /movies: when, whether it is retired, and how many ratings it has learnt from.</param>
public sealed record MovieResponse(int Id, string Title, int? Year, IReadOnlyList<string> Genres, int RatingCount, double? RatingMean,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AddedMovieStatus? Added = null);
