namespace HybridRecommender.Api.Contracts;

/// <summary>The user's rated movie nearest to a recommended one in the model's learned movie space.</summary>
/// <param name="MovieId">MovieLens id of a movie the user rated.</param>
/// <param name="Title">Title without the year.</param>
/// <param name="Year">Release year, when known.</param>
/// <param name="Similarity">Cosine similarity of the two movies' learned vectors (q_i + W_g·g_i, as in GET /movies/{id}/similar), −1 to 1.</param>
public sealed record BecauseYouRated(int MovieId, string Title, int? Year, double Similarity);
