using HybridRecommender.Core.Data;

namespace HybridRecommender.Tests.Data;

/// <summary>Every bad line is reported with its file, 1-based line number and text.</summary>
public class DataFormatErrorTests
{
    private const string GoodRating = "1::1::5::978300760";

    // (file to replace, its content, expected line, offending line text, expected problem text)
    public static TheoryData<string, string, int, string, string> Ml1MCases => new()
    {
        { "ratings.dat", $"{GoodRating}\n1::2::7::978300760\n", 2, "1::2::7::978300760", "rating '7' is out of range 1–5" },
        { "ratings.dat", $"{GoodRating}\n1::2::0::978300760\n", 2, "1::2::0::978300760", "rating '0' is out of range 1–5" },
        { "ratings.dat", "1::1::5\n", 1, "1::1::5", "expected 4 fields" },
        { "ratings.dat", "1::1::5::978300760::9\n", 1, "1::1::5::978300760::9", "expected 4 fields" },
        { "ratings.dat", "1,1,5,978300760\n", 1, "1,1,5,978300760", "expected 4 fields" },
        { "ratings.dat", "x::1::5::978300760\n", 1, "x::1::5::978300760", "user id 'x' is not a number" },
        { "ratings.dat", "1::1a::5::978300760\n", 1, "1::1a::5::978300760", "movie id '1a' is not a number" },
        { "ratings.dat", "1::1::five::978300760\n", 1, "1::1::five::978300760", "rating 'five' is not a whole number" },
        { "ratings.dat", "1::1::4.5::978300760\n", 1, "1::1::4.5::978300760", "rating '4.5' is not a whole number" },
        { "ratings.dat", "1::1::5::-5\n", 1, "1::1::5::-5", "timestamp '-5'" },
        { "ratings.dat", "1::1::5::yesterday\n", 1, "1::1::5::yesterday", "timestamp 'yesterday'" },
        { "ratings.dat", "1::1::5::\n", 1, "1::1::5::", "timestamp ''" },
        { "ratings.dat", $"{GoodRating}\n1::99::5::978300760\n", 2, "1::99::5::978300760", "movie 99 is not in movies.dat" },
        { "ratings.dat", $"{GoodRating}\n9::1::5::978300760\n", 2, "9::1::5::978300760", "user 9 is not in users.dat" },
        { "ratings.dat", $"{GoodRating}\n2::1::3::1\n1::2::4::2\n1::1::4::3\n", 4, "1::1::4::3", "duplicate rating: user 1 already rated movie 1" },
        // A blank line still counts as a line.
        { "ratings.dat", $"{GoodRating}\n\n1::2::6::1\n", 3, "1::2::6::1", "rating '6' is out of range" },
        { "movies.dat", "1::Toy Story (1995)::Comedy\n1::Jumanji (1995)::Adventure\n", 2, "1::Jumanji (1995)::Adventure", "duplicate movie id 1" },
        { "movies.dat", "one::Toy Story (1995)::Comedy\n", 1, "one::Toy Story (1995)::Comedy", "movie id 'one' is not a number" },
        { "movies.dat", "1::Toy Story (1995)\n", 1, "1::Toy Story (1995)", "expected 3 fields" },
        { "movies.dat", "1::::Comedy\n", 1, "1::::Comedy", "empty title" },
        { "movies.dat", "1::Toy Story (1995)::Comedy||Drama\n", 1, "1::Toy Story (1995)::Comedy||Drama", "empty genre name" },
        { "users.dat", "1::F::1::10::48067\n1::M::56::16::70072\n", 2, "1::M::56::16::70072", "duplicate user id 1" },
        { "users.dat", "1::F::1::10\n", 1, "1::F::1::10", "expected 5 fields" },
        { "users.dat", "u1::F::1::10::48067\n", 1, "u1::F::1::10::48067", "user id 'u1' is not a number" },
        { "users.dat", "1::F::old::10::48067\n", 1, "1::F::old::10::48067", "age 'old' is not a number" },
    };

    [Theory]
    [MemberData(nameof(Ml1MCases))]
    public void Ml1M_errors_name_file_line_and_text(string file, string content, int line, string text, string problem)
    {
        using var folder = SampleData.Ml1M();
        folder.Write(file, content);

        var e = Assert.Throws<DataFormatException>(() => MovieLensReader.Load(folder.Path));

        AssertError(e, Path.Combine(folder.Path, file), line, text, problem);
    }

    public static TheoryData<string, string, int, string, string> CsvCases => new()
    {
        { "ratings.csv", "userId,movieId,rating,timestamp\n7,1,4.0,1\n7,11,5.5,1\n", 3, "7,11,5.5,1", "rating '5.5' is out of range 0.5–5" },
        { "ratings.csv", "userId,movieId,rating,timestamp\n7,1,0,1\n", 2, "7,1,0,1", "rating '0' is out of range 0.5–5" },
        { "ratings.csv", "userId,movieId,rating,timestamp\n7,1,3.25,1\n", 2, "7,1,3.25,1", "rating '3.25' is out of range 0.5–5 in half stars" },
        { "ratings.csv", "userId,movieId,rating,timestamp\n7,1,good,1\n", 2, "7,1,good,1", "rating 'good' is not a number" },
        { "ratings.csv", "userId,movieId,rating,timestamp\n7,1,4\n", 2, "7,1,4", "expected 4 fields" },
        { "ratings.csv", "userId,movieId,rating,timestamp\n-7,1,4,1\n", 2, "-7,1,4,1", "user id '-7' is not a number" },
        { "ratings.csv", "userId,movieId,rating,timestamp\n7,x,4,1\n", 2, "7,x,4,1", "movie id 'x' is not a number" },
        { "ratings.csv", "userId,movieId,rating,timestamp\n7,1,4,1.5\n", 2, "7,1,4,1.5", "timestamp '1.5'" },
        { "ratings.csv", "userId,movieId,rating,timestamp\n7,1,4,1\n7,2,4,1\n", 3, "7,2,4,1", "movie 2 is not in movies.csv" },
        { "ratings.csv", "userId,movieId,rating,timestamp\n7,1,4,1\n3,1,4,1\n7,1,2.5,9\n", 4, "7,1,2.5,9", "duplicate rating: user 7 already rated movie 1" },
        { "ratings.csv", "user,movie,rating,time\n7,1,4,1\n", 1, "user,movie,rating,time", "expected the header userId,movieId,rating,timestamp" },
        { "movies.csv", "movieId,title,genres\n1,Toy Story (1995),Comedy\n1,Jumanji (1995),Adventure\n", 3, "1,Jumanji (1995),Adventure", "duplicate movie id 1" },
        { "movies.csv", "movieId,title,genres\n1,American President, The (1995),Comedy\n", 2, "1,American President, The (1995),Comedy", "expected 3 fields" },
        { "movies.csv", "movieId,title,genres\nM1,Toy Story (1995),Comedy\n", 2, "M1,Toy Story (1995),Comedy", "movie id 'M1' is not a number" },
        // An unclosed quote must not swallow the following lines into one title.
        { "movies.csv", "movieId,title,genres\n1,Toy Story (1995),Comedy\n2,\"Jumanji (1995),Adventure\n3,Heat (1995),Action\n", 3, "2,\"Jumanji (1995),Adventure", "malformed CSV" },
    };

    [Theory]
    [MemberData(nameof(CsvCases))]
    public void Csv_errors_name_file_line_and_text(string file, string content, int line, string text, string problem)
    {
        using var folder = SampleData.Csv(movies: file == "ratings.csv" ? "movieId,title,genres\n1,Toy Story (1995),Comedy\n11,Heat (1995),Action\n" : null);
        folder.Write(file, content);

        var e = Assert.Throws<DataFormatException>(() => MovieLensReader.Load(folder.Path));

        AssertError(e, Path.Combine(folder.Path, file), line, text, problem);
    }

    [Fact]
    public void Message_has_the_documented_shape()
    {
        using var folder = SampleData.Ml1M(ratings: "1::1::5::978300760\n1::2::7::978300760\n");

        var e = Assert.Throws<DataFormatException>(() => MovieLensReader.Load(folder.Path));

        Assert.Equal("ratings.dat line 2: rating '7' is out of range 1–5: \"1::2::7::978300760\"", e.Message);
    }

    private static void AssertError(DataFormatException e, string path, int line, string text, string problem)
    {
        Assert.Equal(path, e.FilePath);
        Assert.Equal(line, e.LineNumber);
        Assert.Equal(text, e.LineText);
        Assert.Contains(problem, e.Problem);
        Assert.StartsWith($"{Path.GetFileName(path)} line {line}: ", e.Message);
        Assert.EndsWith($"\"{text}\"", e.Message);
    }
}

public class DataNotFoundTests
{
    [Fact]
    public void Missing_folder_is_named_with_the_ways_to_provide_data()
    {
        using var parent = new TemporaryFolder();
        var missing = Path.Combine(parent.Path, "nowhere");

        var e = Assert.Throws<DataNotFoundException>(() => MovieLensReader.Load(missing));

        Assert.Equal(missing, e.MissingPath);
        Assert.Contains(missing, e.Message);
        Assert.Contains("--data DIR", e.Message);
        Assert.Contains("ML1M_DIR", e.Message);
        Assert.Contains("./ml-1m", e.Message);
    }

    [Theory]
    [InlineData("movies.dat", "users.dat", "ratings.dat")]
    [InlineData("movies.dat", "ratings.dat")] // no users.dat: the ML-10M layout
    [InlineData("ratings.dat", "movies.dat")]
    [InlineData("ratings.dat", "movies.dat", "users.dat")]
    [InlineData("ratings.csv", "movies.csv")]
    [InlineData("movies.csv", "ratings.csv")]
    public void Missing_file_of_the_detected_layout_is_named(string missingFile, params string[] present)
    {
        using var folder = new TemporaryFolder();
        foreach (var f in present)
            folder.Write(f, "");

        var e = Assert.Throws<DataNotFoundException>(() => MovieLensReader.Load(folder.Path));

        Assert.Equal(Path.Combine(folder.Path, missingFile), e.MissingPath);
        Assert.Contains(missingFile, e.Message);
        Assert.Contains("ML1M_DIR", e.Message);
    }

    [Fact]
    public void Empty_folder_asks_for_the_ml1m_files()
    {
        using var folder = new TemporaryFolder();

        var e = Assert.Throws<DataNotFoundException>(() => MovieLensReader.Load(folder.Path));

        Assert.EndsWith(".dat", e.MissingPath);
    }
}
