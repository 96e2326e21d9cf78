namespace HybridRecommender.Core.Model;

/// <summary>
/// One movie's rows of the network, everything the scorer reads per movie: the rating head's
/// movie_embedding q_i [dim] and movie_bias b_i, its genre vector g_i (the movie_genres row, multi-hot / √count),
/// and the relevance head's relevance_embedding [dim] and relevance_bias. A trained movie has them from training;
/// a movie added after training gets them from its content (<see cref="IContentRowSource"/>) and, once rated,
/// from its ratings.
/// </summary>
public sealed record MovieRow(float[] Embedding, float Bias, float[] Genres, float[] Relevance, float RelevanceBias);
