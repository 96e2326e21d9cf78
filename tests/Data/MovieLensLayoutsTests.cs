using HybridRecommender.Core.Data;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Tests.Data;

/// <summary>
/// The real MovieLens layouts a user may bring (docs/DEVELOPING.md, "Data"), each on a small hand-written fixture in
/// its own format under tests/Data/Fixtures: ML-10M (`::` .dat, no users.dat, half stars) and the CSV of ML-20M,
/// ML-25M and ML-32M (with the tags, links and genome files GroupLens ships beside them, which are not read).
/// </summary>
public class MovieLensLayoutsTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", name);

    [Fact]
    public void Ml10m_reads_dat_files_without_users_and_with_half_stars()
    {
        var d = MovieLensReader.Load(Fixture("ml-10m"));

        Assert.Equal(DatasetLayout.MovieLens10M, d.Layout);
        Assert.Equal([1, 2, 5, 122, 65133], d.Movies.Select(m => m.Id));
        Assert.Equal("Blackadder Back & Forth", d.Movies[4].Title);
        Assert.Equal(1999, d.Movies[4].Year);
        Assert.Equal([1, 7, 3], d.Users.Select(u => u.Id)); // first appearance in ratings.dat
        Assert.Equal([5f, 3.5f, 0.5f, 4f, 2.5f], d.Ratings.Rating);
        Assert.Equal((0.5f, 5f), RatingScale.Of(d));
        Assert.Contains("Children", d.Genres.Names);
    }

    [Theory]
    [InlineData("ml-20m", new[] { 1, 4, 2 }, new[] { 3.5f, 4f, 5f, 0.5f, 3f })]
    [InlineData("ml-25m", new[] { 1, 3 }, new[] { 5f, 3.5f, 4f, 2.5f })]
    [InlineData("ml-32m", new[] { 1, 2, 10 }, new[] { 4f, 5f, 0.5f, 4.5f, 1f })]
    public void Csv_releases_read_alike(string release, int[] users, float[] ratings)
    {
        var d = MovieLensReader.Load(Fixture(release));

        Assert.Equal(DatasetLayout.MovieLensCsv, d.Layout);
        Assert.Equal([1, 2, 11, 131262, 209171], d.Movies.Select(m => m.Id));
        Assert.Equal("American President, The", d.Movies[2].Title);
        Assert.Equal("Women of Devil's Island", d.Movies[4].Title);
        Assert.Equal(1962, d.Movies[4].Year);
        Assert.Equal(users, d.Users.Select(u => u.Id));
        Assert.Equal(ratings, d.Ratings.Rating);
        Assert.Equal((0.5f, 5f), RatingScale.Of(d));
    }

    [Fact]
    public void Ml10m_refuses_a_rating_off_the_half_star_grid()
    {
        using var folder = new TemporaryFolder();
        folder.Write("movies.dat", "1::Toy Story (1995)::Comedy\n");
        folder.Write("ratings.dat", "1::1::3.25::838985046\n");

        var e = Assert.Throws<DataFormatException>(() => MovieLensReader.Load(folder.Path));

        Assert.Equal(1L, e.LineNumber);
        Assert.Contains("0.5–5 in half stars", e.Message);
    }

    [Fact]
    public void Ml10m_fingerprint_names_its_two_files()
    {
        var fingerprint = DataFingerprint.Of(Fixture("ml-10m"));

        Assert.Equal(["movies.dat", "ratings.dat"], fingerprint.Keys);
    }
}
