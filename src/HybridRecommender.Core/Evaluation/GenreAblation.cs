using HybridRecommender.Core.Data;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// The genre ablation's data: the same users, movies, ids and ratings (so the same split), but an
/// empty genre vocabulary and no genres on any movie, so the network is built with genre width 0
/// (no genre_projection columns, no genre inputs to fc1).
/// </summary>
public static class GenreAblation
{
    public static MovieLensDataset WithoutGenres(MovieLensDataset data) =>
        new(data.Layout, data.Movies.Select(m => m with { Genres = [] }).ToArray(), data.Users, new GenreVocabulary([]), data.Ratings);
}
