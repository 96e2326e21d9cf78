using HybridRecommender.Core.Data;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// Rankers that know a new movie by its content alone, the item cold-start baselines (docs/EVALUATION.md, "Item cold start").
/// Each is fitted on the ratings a model may see (<c>known</c> positions: the new movies' are not among them) and scores every
/// movie index; the protocol decides which are candidates.
/// </summary>
public static class ContentBaselines
{
    /// <summary>Uniform random scores, seeded per user from (seed, user) alone: the same lists in every process, whatever the thread count.</summary>
    public static MovieScores Random(int seed) => (user, scores) =>
    {
        // Not HashCode.Combine: it is salted per process.
        var rng = new Random((int)(Training.RatingsSplit.SplitMix64(((ulong)(uint)seed << 32) | (uint)user) >> 33));
        for (var m = 0; m < scores.Length; m++) scores[m] = (float)rng.NextDouble();
    };

    /// <summary>
    /// Genre popularity, the same for every user: a movie scores the mean over its genres of the genre's known ratings per rated
    /// movie (how many ratings a movie of that genre has drawn); a movie without genres scores 0.
    /// </summary>
    public static MovieScores GenrePopularity(MovieLensDataset data, IEnumerable<int> known)
    {
        var genres = data.Genres.Count;
        var ratingsOf = new double[genres];
        var moviesOf = new int[genres];
        var counted = new bool[data.Movies.Count];
        foreach (var i in known)
        {
            var m = data.Ratings.MovieIndex[i];
            var mask = data.MovieGenreMask[m];
            for (var g = 0; g < genres; g++)
            {
                if ((mask & (1UL << g)) == 0) continue;
                ratingsOf[g]++;
                if (!counted[m]) moviesOf[g]++;
            }
            counted[m] = true;
        }
        var perGenre = Enumerable.Range(0, genres).Select(g => moviesOf[g] == 0 ? 0 : ratingsOf[g] / moviesOf[g]).ToArray();
        var score = data.MovieGenreMask.Select(mask =>
        {
            var of = Enumerable.Range(0, genres).Where(g => (mask & (1UL << g)) != 0).ToArray();
            return of.Length == 0 ? 0f : (float)of.Average(g => perGenre[g]);
        }).ToArray();
        return (_, scores) => score.CopyTo(scores);
    }

    /// <summary>
    /// The content-based profile of the earlier Python demos: each movie is its TF-IDF genre vector (tf 1 on each of its genres,
    /// idf = ln(movies / movies with the genre) over the catalogue), L2-normalised; a user's profile is the mean of the vectors
    /// of the movies they liked (known ratings ≥ <paramref name="likedFrom"/>); a movie scores the cosine of the two
    /// (0 for a user who liked nothing, or a movie without genres).
    /// </summary>
    public static MovieScores ContentProfile(MovieLensDataset data, IEnumerable<int> known, float likedFrom = RankingProtocol.DefaultRelevanceThreshold)
    {
        var genres = data.Genres.Count;
        var movies = data.Movies.Count;
        var df = new int[genres];
        foreach (var mask in data.MovieGenreMask)
            for (var g = 0; g < genres; g++)
                if ((mask & (1UL << g)) != 0) df[g]++;
        var vectors = new float[movies * genres];
        for (var m = 0; m < movies; m++)
        {
            var v = vectors.AsSpan(m * genres, genres);
            for (var g = 0; g < genres; g++)
                if ((data.MovieGenreMask[m] & (1UL << g)) != 0) v[g] = (float)Math.Log((double)movies / df[g]);
            var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(v));
            if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
        }
        var profiles = new float[data.Users.Count * genres];
        var liked = new int[data.Users.Count];
        foreach (var i in known)
        {
            if (data.Ratings.Rating[i] < likedFrom) continue;
            var u = data.Ratings.UserIndex[i];
            System.Numerics.Tensors.TensorPrimitives.Add(profiles.AsSpan(u * genres, genres), vectors.AsSpan(data.Ratings.MovieIndex[i] * genres, genres), profiles.AsSpan(u * genres, genres));
            liked[u]++;
        }
        return (user, scores) =>
        {
            var p = new ReadOnlySpan<float>(profiles, user * genres, genres);
            // The mean's norm cancels in the cosine: the sum serves as well.
            var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(p));
            for (var m = 0; m < scores.Length; m++)
                scores[m] = liked[user] == 0 || norm == 0 ? 0f : System.Numerics.Tensors.TensorPrimitives.Dot(p, new ReadOnlySpan<float>(vectors, m * genres, genres)) / norm;
        };
    }
}
