using System.Security.Cryptography;
using HybridRecommender.Core.Data;
using HybridRecommender.SyntheticMovieLens;

namespace HybridRecommender.Tests.Data;

/// <summary>bench/SyntheticMovieLens on a tiny size: the shape asked for, MovieLens-like, read by the project's own reader, and seeded.</summary>
public class SyntheticMovieLensTests
{
    private static readonly SyntheticShape Tiny = new(Users: 60, Movies: 400, Ratings: 3_000, Seed: 5);

    private static string Hash(string folder) => string.Join(",",
        new[] { SyntheticMovieLensWriter.MoviesFile, SyntheticMovieLensWriter.RatingsFile }
            .Select(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, f))))));

    [Fact]
    public void Writes_the_shape_asked_for_in_the_csv_layout()
    {
        using var folder = new TemporaryFolder();
        SyntheticMovieLensWriter.Write(Tiny, folder.Path);

        var d = MovieLensReader.Load(folder.Path); // also checks: no duplicate (user, movie), every movie id known

        Assert.Equal(DatasetLayout.MovieLensCsv, d.Layout);
        Assert.Equal(Tiny.Users, d.Users.Count);
        Assert.Equal(Tiny.Movies, d.Movies.Count);
        Assert.Equal(Tiny.Ratings, d.Ratings.Count);
        var perUser = d.Ratings.UserIndex.GroupBy(u => u).Select(g => g.Count()).ToArray();
        Assert.All(perUser, n => Assert.InRange(n, SyntheticShape.MinimumPerUser, Tiny.Movies / 2));
        Assert.True(perUser.Max() > 2 * perUser.Min(), "activity should vary between users");
        Assert.All(d.Ratings.Rating, r => Assert.True(r is >= 0.5f and <= 5f && r * 2 == MathF.Round(r * 2), $"{r} is not a half star"));
        Assert.True(d.Ratings.Rating.Distinct().Count() >= 6, "ratings should use much of the scale");
        Assert.All(d.Movies, m => Assert.InRange(m.Year ?? 0, 1920, 2023));
        Assert.True(d.Genres.Count >= 15, $"only {d.Genres.Count} genres");
        Assert.Contains("written by bench/SyntheticMovieLens", File.ReadAllText(Path.Combine(folder.Path, SyntheticMovieLensWriter.ReadmeFile)));
        Assert.Contains("cost and memory only", File.ReadAllText(Path.Combine(folder.Path, SyntheticMovieLensWriter.ReadmeFile)));
    }

    [Fact]
    public void Popularity_has_a_long_tail()
    {
        using var folder = new TemporaryFolder();
        SyntheticMovieLensWriter.Write(new SyntheticShape(Users: 300, Movies: 2_000, Ratings: 30_000), folder.Path);
        var d = MovieLensReader.Load(folder.Path);

        var counts = d.Ratings.MovieIndex.GroupBy(m => m).Select(g => g.Count()).OrderDescending().ToArray();
        var topTenth = counts.Take(d.Movies.Count / 10).Sum() / (double)d.Ratings.Count;
        // Uniform choice would give the top tenth of movies ≈ 10–15 % of ratings; MovieLens gives it far more.
        Assert.True(topTenth > 0.35, $"top 10 % of movies hold {topTenth:P1} of ratings");
    }

    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_does_not()
    {
        using var a = new TemporaryFolder();
        using var b = new TemporaryFolder();
        using var c = new TemporaryFolder();
        SyntheticMovieLensWriter.Write(Tiny, a.Path);
        SyntheticMovieLensWriter.Write(Tiny, b.Path);
        SyntheticMovieLensWriter.Write(Tiny with { Seed = 6 }, c.Path);

        Assert.Equal(Hash(a.Path), Hash(b.Path));
        Assert.NotEqual(Hash(a.Path), Hash(c.Path));
    }

    [Theory]
    [InlineData(10, 400, 199, "at least 20 × users")]
    [InlineData(10, 400, 2_001, "at most users × movies / 2")]
    [InlineData(0, 400, 100, "--users")]
    [InlineData(10, 30, 300, "--movies")]
    public void Refuses_an_impossible_shape(int users, int movies, long ratings, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new SyntheticShape(users, movies, ratings).Validate());
        Assert.Contains(message, e.Message);
    }
}
