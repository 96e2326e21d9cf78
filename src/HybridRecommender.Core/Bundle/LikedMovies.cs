using HybridRecommender.Core.Data;

namespace HybridRecommender.Core.Bundle;

/// <summary>
/// Which rated movies a person liked, the one rule behind every "because you liked …": a rating of at least
/// 4 stars, or at least the person's own mean rating when that is lower (a harsh rater's 3.5 is praise), and
/// never below 3 stars. An explanation may cite only such a movie.
/// </summary>
public static class LikedMovies
{
    public const float Praise = 4f;
    public const float Floor = 3f;

    /// <summary>The lowest rating that counts as liked for someone whose ratings average <paramref name="mean"/>.</summary>
    public static float Threshold(double mean) => (float)Math.Max(Floor, Math.Min(Praise, mean));

    /// <summary>The movies of <paramref name="movies"/> (parallel to <paramref name="ratings"/>) the person liked, sorted.</summary>
    public static int[] Of(IReadOnlyList<int> movies, IReadOnlyList<float> ratings)
    {
        if (movies.Count != ratings.Count) throw new ArgumentException("movies and ratings must have the same length.");
        if (movies.Count == 0) return [];
        var threshold = Threshold(ratings.Average(r => (double)r));
        var liked = new List<int>();
        for (var i = 0; i < movies.Count; i++)
            if (ratings[i] >= threshold) liked.Add(movies[i]);
        liked.Sort();
        return liked.ToArray();
    }

    /// <summary>Per user index, the sorted movie indices the user liked among all their ratings (every split, like rated.bin).</summary>
    public static int[][] ByUser(MovieLensDataset data)
    {
        var movies = new List<int>[data.Users.Count];
        var ratings = new List<float>[data.Users.Count];
        for (var u = 0; u < movies.Length; u++) { movies[u] = []; ratings[u] = []; }
        var r = data.Ratings;
        for (var i = 0; i < r.Count; i++)
        {
            movies[r.UserIndex[i]].Add(r.MovieIndex[i]);
            ratings[r.UserIndex[i]].Add(r.Rating[i]);
        }
        return movies.Select((m, u) => Of(m, ratings[u])).ToArray();
    }
}
