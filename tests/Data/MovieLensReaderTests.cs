using HybridRecommender.Core.Data;

namespace HybridRecommender.Tests.Data;

public class MovieLens1MLayoutTests
{
    [Fact]
    public void Reads_movies_users_and_ratings_in_file_order()
    {
        using var folder = SampleData.Ml1M();
        var d = MovieLensReader.Load(folder.Path);

        Assert.Equal(DatasetLayout.MovieLens1M, d.Layout);
        Assert.Equal([1, 2, 3, 4], d.Movies.Select(m => m.Id));
        Assert.Equal([1, 2, 3], d.Users.Select(u => u.Id));
        Assert.Equal(4, d.Ratings.Count);
        Assert.Equal([0, 0, 1, 2], d.Ratings.UserIndex);
        Assert.Equal([0, 1, 0, 2], d.Ratings.MovieIndex);
        Assert.Equal([5f, 3f, 4f, 1f], d.Ratings.Rating);
        Assert.Equal([978300760L, 978302109L, 978301968L, 0L], d.Ratings.Timestamp);
        // Movie 4 is in the catalogue but unrated.
        Assert.Equal(3, d.RatedMovieCount());
    }

    [Fact]
    public void Splits_title_and_year_and_reads_latin1()
    {
        using var folder = SampleData.Ml1M();
        // The test is only meaningful if the file really holds the Latin-1 byte for 'é'.
        Assert.Contains((byte)0xE9, File.ReadAllBytes(Path.Combine(folder.Path, "movies.dat")));

        var d = MovieLensReader.Load(folder.Path);

        Assert.Equal(new Movie(1, "Toy Story", 1995, d.Movies[0].Genres), d.Movies[0]);
        Assert.Equal(["Animation", "Children's", "Comedy"], d.Movies[0].Genres);
        Assert.Equal("Café Society", d.Movies[1].Title);
        Assert.Equal("City of Lost Children, The", d.Movies[2].Title);
        Assert.Equal("Untitled", d.Movies[3].Title);
        Assert.Null(d.Movies[3].Year);
    }

    [Fact]
    public void Genre_vocabulary_is_the_distinct_genres_sorted_ordinally()
    {
        using var folder = SampleData.Ml1M();
        var d = MovieLensReader.Load(folder.Path);

        Assert.Equal(["Adventure", "Animation", "Children's", "Comedy", "Drama", "Sci-Fi", "Western"], d.Genres.Names);
        // Toy Story: Animation (1), Children's (2), Comedy (3).
        Assert.Equal(0b1110UL, d.MovieGenreMask[0]);
    }

    [Fact]
    public void Reads_user_demographics()
    {
        using var folder = SampleData.Ml1M();
        var d = MovieLensReader.Load(folder.Path);

        Assert.Equal(new User(1, "F", 1, 10, "48067"), d.Users[0]);
        Assert.Equal(new User(2, "M", 56, 16, "70072"), d.Users[1]);
    }

    [Fact]
    public void Accepts_crlf_line_endings_and_skips_blank_lines()
    {
        using var folder = SampleData.Ml1M(ratings: "1::1::5::978300760\r\n\r\n1::2::3::978302109\r\n");
        var d = MovieLensReader.Load(folder.Path);

        Assert.Equal(2, d.Ratings.Count);
        Assert.Equal([5f, 3f], d.Ratings.Rating);
    }
}

public class MovieLensCsvLayoutTests
{
    [Fact]
    public void Reads_quoted_titles_utf8_and_missing_genres()
    {
        using var folder = SampleData.Csv();
        var d = MovieLensReader.Load(folder.Path);

        Assert.Equal(DatasetLayout.MovieLensCsv, d.Layout);
        Assert.Equal([1, 11, 20, 30, 40], d.Movies.Select(m => m.Id));
        Assert.Equal("American President, The", d.Movies[1].Title);
        Assert.Equal(1995, d.Movies[1].Year);
        Assert.Equal("\"Great Performances\" Cats", d.Movies[2].Title);
        Assert.Equal("Amélie (Fabuleux destin d'Amélie Poulain)", d.Movies[3].Title);
        Assert.Equal(2001, d.Movies[3].Year);
        Assert.Equal("Some Documentary", d.Movies[4].Title);
        Assert.Null(d.Movies[4].Year);
        Assert.Empty(d.Movies[4].Genres);
        Assert.Equal(0UL, d.MovieGenreMask[4]);
    }

    [Fact]
    public void Genre_vocabulary_excludes_the_no_genres_marker()
    {
        using var folder = SampleData.Csv();
        var d = MovieLensReader.Load(folder.Path);

        Assert.Equal(["Adventure", "Animation", "Children", "Comedy", "Drama", "Fantasy", "Musical", "Romance"], d.Genres.Names);
    }

    [Fact]
    public void Reads_half_star_ratings_and_users_in_order_of_first_appearance()
    {
        using var folder = SampleData.Csv();
        var d = MovieLensReader.Load(folder.Path);

        Assert.Equal([7, 3, 5], d.Users.Select(u => u.Id));
        Assert.All(d.Users, u => Assert.Null(u.Gender));
        Assert.Equal([0, 1, 0, 2], d.Ratings.UserIndex);
        Assert.Equal([0, 1, 3, 0], d.Ratings.MovieIndex);
        Assert.Equal([4f, 0.5f, 3.5f, 5f], d.Ratings.Rating);
        Assert.Equal(964982703L, d.Ratings.Timestamp[0]);
        Assert.Equal(3, d.RatedMovieCount());
    }
}

public class MovieTitleTests
{
    [Theory]
    [InlineData("Toy Story (1995)", "Toy Story", 1995)]
    [InlineData("Shanghai Triad (Yao a yao yao dao waipo qiao) (1995)", "Shanghai Triad (Yao a yao yao dao waipo qiao)", 1995)]
    [InlineData("Babylon 5 ", "Babylon 5", null)]
    [InlineData("Millions (2004) ", "Millions", 2004)]
    [InlineData("Cosmos (1980–1981)", "Cosmos (1980–1981)", null)]
    [InlineData("(1995)", "(1995)", null)]
    [InlineData("2001: A Space Odyssey (1968)", "2001: A Space Odyssey", 1968)]
    public void Splits_the_trailing_year(string raw, string title, int? year)
    {
        Assert.Equal((title, year), MovieTitle.Split(raw));
    }
}
