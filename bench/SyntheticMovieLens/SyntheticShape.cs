namespace HybridRecommender.SyntheticMovieLens;

/// <summary>
/// The size of a synthetic data set: users, movies and ratings, plus the seed that makes it reproducible.
/// Every user gets at least <see cref="MinimumPerUser"/> ratings (as in MovieLens, where each user rated ≥ 20 movies),
/// and nobody rates more than half the catalogue, so ratings must lie in [20·users, users·movies/2].
/// </summary>
public sealed record SyntheticShape(int Users, int Movies, long Ratings, int Seed = 1)
{
    public const int MinimumPerUser = 20;

    /// <summary>The MovieLens-32M shape (GroupLens' README of ml-32m): 200,948 users, 87,585 movies, 32,000,204 ratings.</summary>
    public static SyntheticShape MovieLens32M(int seed = 1) => new(200_948, 87_585, 32_000_204, seed);

    /// <summary>The MovieLens-10M shape (ml-10M100K): 69,878 users, 10,681 movies, 10,000,054 ratings.</summary>
    public static SyntheticShape MovieLens10M(int seed = 1) => new(69_878, 10_681, 10_000_054, seed);

    /// <summary>Most ratings one user may have: half the catalogue (a heavy tail, never the whole catalogue).</summary>
    public int MaximumPerUser => Math.Max(MinimumPerUser, Movies / 2);

    /// <exception cref="ArgumentException">A count is out of range; the message says what is valid.</exception>
    public void Validate()
    {
        if (Users < 1) throw new ArgumentException($"--users must be at least 1; got {Users}.");
        if (Movies < 2 * MinimumPerUser) throw new ArgumentException($"--movies must be at least {2 * MinimumPerUser} (each user rates ≥ {MinimumPerUser} distinct movies, at most half the catalogue); got {Movies}.");
        if (Ratings < (long)MinimumPerUser * Users)
            throw new ArgumentException($"--ratings must be at least {MinimumPerUser} × users = {(long)MinimumPerUser * Users:N0}; got {Ratings:N0}.");
        if (Ratings > (long)MaximumPerUser * Users)
            throw new ArgumentException($"--ratings must be at most users × movies / 2 = {(long)MaximumPerUser * Users:N0}; got {Ratings:N0}.");
    }
}
