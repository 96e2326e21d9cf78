namespace HybridRecommender.Api.Contracts;

/// <summary>The movie the user liked (rated at least min(4, their mean rating) and at least 3) nearest to a recommended one in the model's learned movie space.</summary>
/// <param name="MovieId">MovieLens id of a movie the user liked.</param>
/// <param name="Title">Title as a person reads it, article in front ("The Matrix"; MovieLens writes "Matrix, The"), without the year.</param>
/// <param name="Year">Release year, when known.</param>
/// <param name="Similarity">Cosine similarity of the two movies' learned vectors (q_i + W_g·g_i, as in GET /movies/{id}/similar), −1 to 1.</param>
public sealed record BecauseYouRated(int MovieId, string Title, int? Year, double Similarity);
