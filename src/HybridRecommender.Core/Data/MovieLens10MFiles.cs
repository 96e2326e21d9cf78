namespace HybridRecommender.Core.Data;

/// <summary>
/// Reads the ML-10M layout (ml-10M100K): movies.dat as ML-1M's (MovieID::Title::Genres) and ratings.dat
/// (UserID::MovieID::Rating::Timestamp) with half-star ratings 0.5–5. There is no users.dat: users are the distinct
/// UserIDs in order of first appearance, as in the CSV layout. tags.dat is not read.
/// </summary>
internal static class MovieLens10MFiles
{
    public static MovieLensDataset Load(string directory)
    {
        var catalogue = MovieLens1MFiles.ReadMovies(Path.Combine(directory, MovieLens1MFiles.MoviesFile));
        var (movies, genres) = catalogue.Build();
        var (ratings, users) = ReadRatings(Path.Combine(directory, MovieLens1MFiles.RatingsFile), catalogue.Ids, movies.Count);
        return new MovieLensDataset(DatasetLayout.MovieLens10M, movies, users, genres, ratings);
    }

    private static (RatingTable Ratings, List<User> Users) ReadRatings(string path, DenseIdMap movieIds, int movieCount)
    {
        // About 26 bytes a line in ML-10M's ratings.dat.
        var table = new RatingTableBuilder((int)Math.Min(int.MaxValue / 2, new FileInfo(path).Length / 22));
        var userIds = new DenseIdMap();
        Span<Range> f = stackalloc Range[4];
        using (var file = DataFileReader.OpenDat(path))
        {
            while (file.Read())
            {
                var line = file.RawRecord;
                var n = DoubleColonFields.Split(line, f);
                if (n != 4)
                    throw file.Error($"expected 4 fields UserID::MovieID::Rating::Timestamp, found {n}");
                if (!FieldParsing.TryParseId(line[f[0]], out var userId))
                    throw file.Error($"user id '{DataFileReader.Text(line[f[0]])}' is not a number");
                if (!FieldParsing.TryParseId(line[f[1]], out var movieId))
                    throw file.Error($"movie id '{DataFileReader.Text(line[f[1]])}' is not a number");
                if (!FieldParsing.TryParseDecimal(line[f[2]], out var rating))
                    throw file.Error($"rating '{DataFileReader.Text(line[f[2]])}' is not a number");
                if (rating is < 0.5 or > 5 || Math.Floor(rating * 2) != rating * 2)
                    throw file.Error($"rating '{DataFileReader.Text(line[f[2]])}' is out of range 0.5–5 in half stars");
                if (!FieldParsing.TryParseTimestamp(line[f[3]], out var timestamp))
                    throw file.Error($"timestamp '{DataFileReader.Text(line[f[3]])}' is not a non-negative whole number of seconds");
                if (!movieIds.TryGetIndex(movieId, out var m))
                    throw file.Error($"movie {movieId} is not in {MovieLens1MFiles.MoviesFile}");
                userIds.TryAdd(userId, out var u);
                table.Add(u, m, (float)rating, timestamp);
            }
        }
        var duplicate = table.FirstDuplicate(userIds.Count, movieCount);
        if (duplicate >= 0)
            throw DataFileReader.ErrorAtRecord(path, DataFileReader.OpenDat, duplicate, table.DuplicateProblem(duplicate, userIds.Ids, movieIds.Ids));
        return (table.Build(), userIds.Ids.Select(id => new User(id)).ToList());
    }
}
