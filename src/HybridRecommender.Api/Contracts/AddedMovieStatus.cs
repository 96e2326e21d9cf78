namespace HybridRecommender.Api.Contracts;

/// <summary>What the catalogue knows of a movie added after training.</summary>
/// <param name="AddedAt">When it was added (POST /movies).</param>
/// <param name="Retired">True once retired with DELETE /movies/{id}: no longer recommended; it keeps its id and its ratings.</param>
/// <param name="Ratings">Ratings given to it through the API that its predictions have learnt from (0: predicted from its genres alone).</param>
public sealed record AddedMovieStatus(DateTimeOffset AddedAt, bool Retired, int Ratings);
