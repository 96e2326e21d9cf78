using HybridRecommender.Core.Data;

namespace HybridRecommender.Tests.Support;

/// <summary>
/// A small MovieLens-shaped dataset generated from a known latent model (user and movie factors,
/// biases, genre effects), so tests can train for real in seconds without external files.
/// </summary>
public static class SyntheticDataset
{
    public static readonly string[] GenreNames = ["Action", "Comedy", "Drama", "Horror", "Romance", "Sci-Fi"];

    public static MovieLensDataset Create(int users = 120, int movies = 80, int ratingsPerUser = 30, int seed = 7)
    {
        var rng = new Random(seed);
        const int k = 3;
        var movieList = new List<Movie>();
        var mf = new double[movies, k];
        var mb = new double[movies];
        var genreEffect = GenreNames.Select(_ => rng.NextDouble() - 0.5).ToArray();
        var masks = new ulong[movies];
        for (var m = 0; m < movies; m++)
        {
            var genres = GenreNames.Where((_, g) => rng.NextDouble() < 0.3 || g == m % GenreNames.Length).ToArray();
            movieList.Add(new Movie(1000 + m * 3, $"Movie {m}", 1980 + m % 30, genres));
            for (var j = 0; j < k; j++) mf[m, j] = rng.NextDouble() * 2 - 1;
            mb[m] = (rng.NextDouble() - 0.5) * 1.2 + genres.Sum(g => genreEffect[Array.IndexOf(GenreNames, g)]) * 0.5;
        }
        var userList = Enumerable.Range(0, users).Select(u => new User(u + 1)).ToList();
        var uIdx = new List<int>();
        var mIdx = new List<int>();
        var values = new List<float>();
        for (var u = 0; u < users; u++)
        {
            var uf = Enumerable.Range(0, k).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            var ub = (rng.NextDouble() - 0.5) * 0.8;
            var chosen = Enumerable.Range(0, movies).OrderBy(_ => rng.Next()).Take(Math.Min(ratingsPerUser, movies));
            foreach (var m in chosen)
            {
                var score = 3.5 + ub + mb[m] + Enumerable.Range(0, k).Sum(j => uf[j] * mf[m, j]) + (rng.NextDouble() - 0.5) * 0.5;
                uIdx.Add(u);
                mIdx.Add(m);
                values.Add((float)Math.Clamp(Math.Round(score), 1, 5));
            }
        }
        var table = new RatingTable(uIdx.ToArray(), mIdx.ToArray(), values.ToArray(), new long[values.Count]);
        return new MovieLensDataset(DatasetLayout.MovieLens1M, movieList, userList, new GenreVocabulary(GenreNames), table);
    }
}
