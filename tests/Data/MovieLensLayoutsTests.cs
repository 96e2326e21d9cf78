using HybridRecommender.Core.Data;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Tests.Data;

/// <summary>
/// The real MovieLens layouts a user may bring (docs/DEVELOPING.md, "Data"), each on a small fixture in its own format:
/// ML-10M (`::` .dat, no users.dat, half stars) and the CSV of ML-20M, ML-25M and ML-32M (with the tags, links and genome
/// files GroupLens ships beside them, which are not read). The rows are invented — titles, ids and timestamps — and written
/// at run time: MovieLens data may not be redistributed, so none of it is committed.
/// </summary>
public class MovieLensLayoutsTests
{
    private const string CsvMovies = """
        movieId,title,genres
        1,Harbour Lights (1995),Adventure|Animation|Children|Comedy|Fantasy
        2,Paper Kites (1995),Adventure|Children|Fantasy
        11,"Lighthouse Keeper, The (1995)",Comedy|Drama|Romance
        131262,Quiet Orchard (2014),Adventure|Fantasy|Horror
        209171,Widow's Island (1962),Action|Adventure|Drama

        """;

    // Per CSV release: its ratings.csv and the side files that release ships (present, never read).
    private static TemporaryFolder Csv(string release)
    {
        var folder = new TemporaryFolder();
        folder.Write("movies.csv", CsvMovies);
        folder.Write("links.csv", "movieId,imdbId,tmdbId\n1,0000001,101\n2,0000002,102\n");
        folder.Write("tags.csv", "userId,movieId,tag,timestamp\n9,2,invented tag,1200000000\n");
        switch (release)
        {
            case "ml-20m":
                folder.Write("genome-tags.csv", "tagId,tag\n1,invented\n");
                folder.Write("ratings.csv", "userId,movieId,rating,timestamp\n1,2,3.5,1100000001\n1,11,4.0,1100000002\n1,131262,5.0,1400000003\n4,1,0.5,1100000004\n2,2,3.0,970000005\n");
                break;
            case "ml-25m":
                folder.Write("ratings.csv", "userId,movieId,rating,timestamp\n1,2,5.0,1140000001\n1,209171,3.5,1560000002\n3,1,4.0,1430000003\n3,11,2.5,1430000004\n");
                break;
            default:
                folder.Write("ratings.csv", "userId,movieId,rating,timestamp\n1,11,4.0,940000001\n1,1,5.0,940000002\n2,2,0.5,1690000003\n2,209171,4.5,1690000004\n10,131262,1.0,1500000005\n");
                break;
        }
        return folder;
    }

    private static TemporaryFolder Ml10m()
    {
        var folder = new TemporaryFolder();
        folder.Write("movies.dat", """
            1::Harbour Lights (1995)::Adventure|Animation|Children|Comedy|Fantasy
            2::Paper Kites (1995)::Adventure|Children|Fantasy
            5::Second Wedding Part II (1995)::Comedy
            122::Boomerang Street (1992)::Comedy|Romance
            65133::Salt & Pepper Forth (1999)::Comedy

            """);
        folder.Write("ratings.dat", "1::122::5::830000001\n1::2::3.5::830000002\n7::1::0.5::1040000003\n7::65133::4::1230000004\n3::5::2.5::1130000005\n");
        folder.Write("tags.dat", "15::2::invented tag::1210000000\n");
        return folder;
    }

    [Fact]
    public void Ml10m_reads_dat_files_without_users_and_with_half_stars()
    {
        using var folder = Ml10m();
        var d = MovieLensReader.Load(folder.Path);

        Assert.Equal(DatasetLayout.MovieLens10M, d.Layout);
        Assert.Equal([1, 2, 5, 122, 65133], d.Movies.Select(m => m.Id));
        Assert.Equal("Salt & Pepper Forth", d.Movies[4].Title);
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
        using var folder = Csv(release);
        var d = MovieLensReader.Load(folder.Path);

        Assert.Equal(DatasetLayout.MovieLensCsv, d.Layout);
        Assert.Equal([1, 2, 11, 131262, 209171], d.Movies.Select(m => m.Id));
        Assert.Equal("Lighthouse Keeper, The", d.Movies[2].Title);
        Assert.Equal("Widow's Island", d.Movies[4].Title);
        Assert.Equal(1962, d.Movies[4].Year);
        Assert.Equal(users, d.Users.Select(u => u.Id));
        Assert.Equal(ratings, d.Ratings.Rating);
        Assert.Equal((0.5f, 5f), RatingScale.Of(d));
    }

    [Fact]
    public void Ml10m_refuses_a_rating_off_the_half_star_grid()
    {
        using var folder = new TemporaryFolder();
        folder.Write("movies.dat", "1::Harbour Lights (1995)::Comedy\n");
        folder.Write("ratings.dat", "1::1::3.25::830000001\n");

        var e = Assert.Throws<DataFormatException>(() => MovieLensReader.Load(folder.Path));

        Assert.Equal(1L, e.LineNumber);
        Assert.Contains("0.5–5 in half stars", e.Message);
    }

    [Fact]
    public void Ml10m_fingerprint_names_its_two_files()
    {
        using var folder = Ml10m();
        var fingerprint = DataFingerprint.Of(folder.Path);

        Assert.Equal(["movies.dat", "ratings.dat"], fingerprint.Keys);
    }
}
