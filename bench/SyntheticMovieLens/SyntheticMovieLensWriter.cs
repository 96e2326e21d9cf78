using System.Globalization;
using System.Text;

namespace HybridRecommender.SyntheticMovieLens;

/// <summary>
/// Writes a seeded synthetic data set in the MovieLens CSV layout of ML-20M/25M/32M (movies.csv: movieId,title,genres;
/// ratings.csv: userId,movieId,rating,timestamp, half stars 0.5–5, sorted by user). FOR COST AND MEMORY ONLY: the
/// shape is MovieLens-like — power-law popularity, at least 20 ratings per user with a heavy-tailed activity, 1–3 of
/// the 19 MovieLens genres per movie, a year in every title — and the ratings follow a small latent model (biases, a
/// rank-8 user × movie product, a genre taste) so that training has signal to fit, but no quality figure means anything
/// on them. The same shape and seed give the same bytes.
/// </summary>
public static class SyntheticMovieLensWriter
{
    public const string MoviesFile = "movies.csv";
    public const string RatingsFile = "ratings.csv";
    public const string ReadmeFile = "README.txt";

    /// <summary>The genres of ML-20M and later (movies.csv), "(no genres listed)" given to ~1 % of movies.</summary>
    public static readonly string[] Genres =
    [
        "Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir",
        "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    // How often each genre is drawn (roughly ML-32M's movie counts per genre, Drama and Comedy most).
    private static readonly double[] GenreWeights = [8, 5, 3, 3, 14, 6, 5, 20, 3, 0.5, 7, 0.3, 1.5, 3, 7, 3, 8, 1.5, 1];

    private const int LatentDim = 8;
    private const double PopularityExponent = 1.05; // w_m ∝ (m + offset)^−s: a Zipf-like head and a long tail
    private const double ActivityExponent = 1.6;    // Pareto tail of per-user activity above the minimum of 20
    private const double GenreShare = 0.6;          // share of a user's picks drawn within their favourite genres

    /// <summary>Writes movies.csv, ratings.csv and a README.txt saying what the data are, into <paramref name="directory"/>.</summary>
    public static void Write(SyntheticShape shape, string directory, TextWriter? progress = null)
    {
        shape.Validate();
        Directory.CreateDirectory(directory);
        var rng = new Random(shape.Seed);
        var movies = Movie.CreateAll(shape.Movies, rng);
        WriteMovies(Path.Combine(directory, MoviesFile), movies);
        var activity = Activity(shape, rng);
        WriteRatings(Path.Combine(directory, RatingsFile), shape, movies, activity, rng, progress);
        File.WriteAllText(Path.Combine(directory, ReadmeFile),
            $"SYNTHETIC data written by bench/SyntheticMovieLens (seed {shape.Seed}): {shape.Users:N0} users, {shape.Movies:N0} movies, {shape.Ratings:N0} ratings.\n" +
            "For measuring cost and memory only. These are not real ratings: never report a quality figure on them.\n");
    }

    private sealed record Movie(int Id, string Title, int[] Genres, double Popularity, float Bias, float[] Factors)
    {
        public static Movie[] CreateAll(int count, Random rng)
        {
            var offset = 5 + 0.001 * count;
            var result = new Movie[count];
            var cumulative = Cumulative(GenreWeights);
            for (var m = 0; m < count; m++)
            {
                // Popularity falls with the id (ids carry no meaning, so this order is as good as any).
                var popularity = Math.Pow(m + offset, -PopularityExponent);
                int[] genres;
                if (rng.NextDouble() < 0.01) genres = [];
                else
                {
                    var n = 1 + (rng.NextDouble() < 0.55 ? 1 : 0) + (rng.NextDouble() < 0.3 ? 1 : 0);
                    genres = Enumerable.Range(0, n).Select(_ => Draw(cumulative, rng)).Distinct().Order().ToArray();
                }
                // Years skew recent, like the catalogue: 1920–2023 with most after 1990.
                var year = 2023 - (int)(103 * Math.Pow(rng.NextDouble(), 2.2));
                var factors = new float[LatentDim];
                for (var k = 0; k < LatentDim; k++) factors[k] = (float)Gaussian(rng);
                result[m] = new Movie(m + 1, $"Synthetic Movie {m + 1} ({year})", genres, popularity, (float)(0.45 * Gaussian(rng)), factors);
            }
            return result;
        }
    }

    private static void WriteMovies(string path, Movie[] movies)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        writer.WriteLine("movieId,title,genres");
        foreach (var m in movies)
            writer.WriteLine($"{m.Id},{m.Title},{(m.Genres.Length == 0 ? "(no genres listed)" : string.Join('|', m.Genres.Select(g => Genres[g])))}");
    }

    /// <summary>Ratings per user: 20 plus a Pareto-distributed share of the rest, at most half the catalogue, summing to exactly shape.Ratings.</summary>
    private static int[] Activity(SyntheticShape shape, Random rng)
    {
        var raw = new double[shape.Users];
        for (var u = 0; u < raw.Length; u++) raw[u] = Math.Pow(1 - rng.NextDouble(), -1 / ActivityExponent) - 1;
        var counts = new int[shape.Users];
        var remaining = shape.Ratings - (long)SyntheticShape.MinimumPerUser * shape.Users;
        var cap = shape.MaximumPerUser - SyntheticShape.MinimumPerUser;
        // Scale the extras to the remaining total; what the cap clips is spread again over the users below it.
        var open = Enumerable.Range(0, shape.Users).ToList();
        var extra = new long[shape.Users];
        while (remaining > 0 && open.Count > 0)
        {
            var sum = open.Sum(u => raw[u] + 1e-9);
            var given = 0L;
            foreach (var u in open)
            {
                var add = (long)Math.Floor(remaining * (raw[u] + 1e-9) / sum);
                add = Math.Min(add, cap - extra[u]);
                extra[u] += add;
                given += add;
            }
            remaining -= given;
            open.RemoveAll(u => extra[u] >= cap);
            if (given == 0)
            {
                // Rounding left a few: one each to the open users, in order.
                foreach (var u in open)
                {
                    if (remaining == 0) break;
                    extra[u]++;
                    remaining--;
                }
                open.RemoveAll(u => extra[u] >= cap);
            }
        }
        for (var u = 0; u < counts.Length; u++) counts[u] = SyntheticShape.MinimumPerUser + (int)extra[u];
        return counts;
    }

    private static void WriteRatings(string path, SyntheticShape shape, Movie[] movies, int[] activity, Random rng, TextWriter? progress)
    {
        var all = Cumulative(movies.Select(m => m.Popularity).ToArray());
        var byGenre = Enumerable.Range(0, Genres.Length).Select(g =>
        {
            var members = movies.Select((m, i) => (m, i)).Where(x => x.m.Genres.Contains(g)).Select(x => x.i).ToArray();
            return (Members: members, Cumulative: Cumulative(members.Select(i => movies[i].Popularity).ToArray()));
        }).ToArray();
        var genreCumulative = Cumulative(GenreWeights);

        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        writer.WriteLine("userId,movieId,rating,timestamp");
        var picked = new HashSet<int>();
        var factors = new float[LatentDim];
        var line = new char[64];
        long written = 0;
        for (var u = 0; u < shape.Users; u++)
        {
            var userBias = 0.35 * Gaussian(rng);
            for (var k = 0; k < LatentDim; k++) factors[k] = (float)(0.25 * Gaussian(rng));
            // Two favourite genres, liked a little more and picked more often.
            var favourites = new[] { Draw(genreCumulative, rng), Draw(genreCumulative, rng) };
            var time = 946_684_800L + (long)(rng.NextDouble() * 730_000_000); // 2000–2023
            picked.Clear();
            var draws = 0L;
            while (picked.Count < activity[u])
            {
                var g = favourites[rng.Next(2)];
                // A very active user exhausts the popular head: past 20 draws per rating, pick uniformly.
                var m = ++draws > 20L * activity[u] ? rng.Next(movies.Length)
                    : rng.NextDouble() < GenreShare && byGenre[g].Members.Length > 0
                        ? byGenre[g].Members[Draw(byGenre[g].Cumulative, rng)]
                        : Draw(all, rng);
                if (!picked.Add(m)) continue;
                var movie = movies[m];
                double score = 3.55 + userBias + movie.Bias + 0.4 * Gaussian(rng);
                for (var k = 0; k < LatentDim; k++) score += factors[k] * movie.Factors[k];
                if (movie.Genres.Contains(favourites[0]) || movie.Genres.Contains(favourites[1])) score += 0.3;
                var halfStars = Math.Clamp((int)Math.Round(score * 2), 1, 10);
                time += 1 + rng.Next(600);
                WriteRating(writer, line, u + 1, movie.Id, halfStars, time);
                written++;
            }
            if (progress is not null && (u + 1) % 20_000 == 0) progress.WriteLine($"  {u + 1:N0} users, {written:N0} ratings");
        }
    }

    private static void WriteRating(StreamWriter writer, char[] line, int user, int movie, int halfStars, long time)
    {
        // Hand-formatted: string interpolation per line would dominate the time at 32M lines.
        var span = line.AsSpan();
        var n = 0;
        user.TryFormat(span[n..], out var w, provider: CultureInfo.InvariantCulture); n += w;
        span[n++] = ',';
        movie.TryFormat(span[n..], out w, provider: CultureInfo.InvariantCulture); n += w;
        span[n++] = ',';
        (halfStars / 2).TryFormat(span[n..], out w, provider: CultureInfo.InvariantCulture); n += w;
        span[n++] = '.';
        span[n++] = halfStars % 2 == 0 ? '0' : '5';
        span[n++] = ',';
        time.TryFormat(span[n..], out w, provider: CultureInfo.InvariantCulture); n += w;
        span[n++] = '\n';
        writer.Write(span[..n]);
    }

    private static double[] Cumulative(double[] weights)
    {
        var c = new double[weights.Length];
        double s = 0;
        for (var i = 0; i < weights.Length; i++) c[i] = s += weights[i];
        return c;
    }

    private static int Draw(double[] cumulative, Random rng)
    {
        var x = rng.NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, x);
        return Math.Min(i < 0 ? ~i : i + 1, cumulative.Length - 1);
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
