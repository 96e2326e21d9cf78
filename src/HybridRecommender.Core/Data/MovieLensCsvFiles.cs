namespace HybridRecommender.Core.Data;

/// <summary>
/// Reads the MovieLens "latest"/25M layout: movies.csv (movieId,title,genres) and ratings.csv
/// (userId,movieId,rating,timestamp), UTF-8 with headers. There is no users file: users are the
/// distinct userIds in order of first appearance.
/// </summary>
internal static class MovieLensCsvFiles
{
    public const string MoviesFile = "movies.csv";
    public const string RatingsFile = "ratings.csv";

    private static readonly string[] MoviesHeader = ["movieId", "title", "genres"];
    private static readonly string[] RatingsHeader = ["userId", "movieId", "rating", "timestamp"];

    public static MovieLensDataset Load(string directory)
    {
        var catalogue = ReadMovies(Path.Combine(directory, MoviesFile));
        var (movies, genres) = catalogue.Build();
        var (ratings, users) = ReadRatings(Path.Combine(directory, RatingsFile), catalogue.Ids, movies.Count);
        return new MovieLensDataset(DatasetLayout.MovieLensCsv, movies, users, genres, ratings);
    }

    private static MovieCatalogueBuilder ReadMovies(string path)
    {
        var catalogue = new MovieCatalogueBuilder();
        using var file = DataFileReader.OpenCsv(path);
        CheckHeader(file, MoviesHeader);
        while (file.Read())
        {
            if (file.FieldCount != MoviesHeader.Length)
                throw file.Error($"expected {MoviesHeader.Length} fields movieId,title,genres, found {file.FieldCount}");
            catalogue.Add(file, file.Field(0), file.Field(1), file.Field(2));
        }
        return catalogue;
    }

    private static (RatingTable Ratings, List<User> Users) ReadRatings(string path, DenseIdMap movieIds, int movieCount)
    {
        // About 25 bytes a line in ML-25M's ratings.csv.
        var table = new RatingTableBuilder((int)Math.Min(int.MaxValue / 2, new FileInfo(path).Length / 22));
        var userIds = new DenseIdMap();
        using (var file = DataFileReader.OpenCsv(path))
        {
            CheckHeader(file, RatingsHeader);
            while (file.Read())
            {
                if (file.FieldCount != RatingsHeader.Length)
                    throw file.Error($"expected {RatingsHeader.Length} fields userId,movieId,rating,timestamp, found {file.FieldCount}");
                var userField = file.Field(0);
                if (!FieldParsing.TryParseId(userField, out var userId))
                    throw file.Error($"user id '{DataFileReader.Text(userField)}' is not a number");
                var movieField = file.Field(1);
                if (!FieldParsing.TryParseId(movieField, out var movieId))
                    throw file.Error($"movie id '{DataFileReader.Text(movieField)}' is not a number");
                var ratingField = file.Field(2);
                if (!FieldParsing.TryParseDecimal(ratingField, out var rating))
                    throw file.Error($"rating '{DataFileReader.Text(ratingField)}' is not a number");
                // Half stars: twice the rating is a whole number from 1 to 10.
                if (rating is < 0.5 or > 5 || Math.Floor(rating * 2) != rating * 2)
                    throw file.Error($"rating '{DataFileReader.Text(ratingField)}' is out of range 0.5–5 in half stars");
                var timeField = file.Field(3);
                if (!FieldParsing.TryParseTimestamp(timeField, out var timestamp))
                    throw file.Error($"timestamp '{DataFileReader.Text(timeField)}' is not a non-negative whole number of seconds");
                if (!movieIds.TryGetIndex(movieId, out var m))
                    throw file.Error($"movie {movieId} is not in {MoviesFile}");
                userIds.TryAdd(userId, out var u);
                table.Add(u, m, (float)rating, timestamp);
            }
        }
        var duplicate = table.FirstDuplicate(userIds.Count, movieCount);
        if (duplicate >= 0)
            throw DataFileReader.ErrorAtRecord(path, DataFileReader.OpenCsv, duplicate, table.DuplicateProblem(duplicate, userIds.Ids, movieIds.Ids));
        var users = new List<User>(userIds.Count);
        foreach (var id in userIds.Ids)
            users.Add(new User(id));
        return (table.Build(), users);
    }

    private static void CheckHeader(DataFileReader file, string[] expected)
    {
        var headers = file.Headers;
        if (headers.Count != expected.Length || !headers.Select(h => h.Trim()).SequenceEqual(expected, StringComparer.OrdinalIgnoreCase))
            throw new DataFormatException(file.FilePath, 1, string.Join(",", headers), $"expected the header {string.Join(",", expected)}");
    }
}
