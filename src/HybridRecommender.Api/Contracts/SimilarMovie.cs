namespace HybridRecommender.Api.Contracts;

/// <summary>A neighbour of a movie in the model's learned movie space.</summary>
/// <param name="MovieId">MovieLens movie id.</param>
/// <param name="Title">Title as a person reads it, article in front ("The Matrix"; MovieLens writes "Matrix, The"), without the year.</param>
/// <param name="Year">Release year, when known.</param>
/// <param name="Genres">The movie's genres.</param>
/// <param name="Similarity">Cosine similarity of the learned movie vectors, −1 to 1.</param>
public sealed record SimilarMovie(int MovieId, string Title, int? Year, IReadOnlyList<string> Genres, double Similarity);
