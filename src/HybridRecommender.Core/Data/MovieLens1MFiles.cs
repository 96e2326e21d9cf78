namespace HybridRecommender.Core.Data;

/// <summary>Reads the ML-1M layout: movies.dat, users.dat and ratings.dat ("::"-separated, Latin-1).</summary>
internal static class MovieLens1MFiles
{
    public const string MoviesFile = "movies.dat";
    public const string UsersFile = "users.dat";
    public const string RatingsFile = "ratings.dat";

    public static MovieLensDataset Load(string directory)
    {
        var catalogue = ReadMovies(Path.Combine(directory, MoviesFile));
        var (users, userIds) = ReadUsers(Path.Combine(directory, UsersFile));
        var (movies, genres) = catalogue.Build();
        var ratings = ReadRatings(Path.Combine(directory, RatingsFile), catalogue.Ids, userIds, users.Count, movies.Count);
        return new MovieLensDataset(DatasetLayout.MovieLens1M, movies, users, genres, ratings);
    }

    /// <summary>movies.dat (MovieID::Title::Genres), shared with the ML-10M layout.</summary>
    internal static MovieCatalogueBuilder ReadMovies(string path)
    {
        var catalogue = new MovieCatalogueBuilder();
        using var file = DataFileReader.OpenDat(path);
        while (file.Read())
        {
            var line = file.RawRecord;
            if (!DoubleColonFields.SplitMovie(line, out var id, out var title, out var genres))
                throw file.Error("expected 3 fields MovieID::Title::Genres");
            catalogue.Add(file, line[id], line[title], line[genres]);
        }
        return catalogue;
    }

    private static (List<User> Users, DenseIdMap Ids) ReadUsers(string path)
    {
        var users = new List<User>();
        var ids = new DenseIdMap();
        Span<Range> f = stackalloc Range[5];
        using var file = DataFileReader.OpenDat(path);
        while (file.Read())
        {
            var line = file.RawRecord;
            var n = DoubleColonFields.Split(line, f);
            if (n != 5)
                throw file.Error($"expected 5 fields UserID::Gender::Age::Occupation::Zip-code, found {n}");
            if (!FieldParsing.TryParseId(line[f[0]], out var id))
                throw file.Error($"user id '{DataFileReader.Text(line[f[0]])}' is not a number");
            if (!ids.TryAdd(id, out _))
                throw file.Error($"duplicate user id {id}");
            var gender = DataFileReader.Text(line[f[1]]);
            if (gender.Length == 0)
                throw file.Error("gender is empty");
            if (!FieldParsing.TryParseId(line[f[2]], out var age))
                throw file.Error($"age '{DataFileReader.Text(line[f[2]])}' is not a number");
            if (!FieldParsing.TryParseId(line[f[3]], out var occupation))
                throw file.Error($"occupation '{DataFileReader.Text(line[f[3]])}' is not a number");
            users.Add(new User(id, string.Intern(gender), age, occupation, DataFileReader.Text(line[f[4]])));
        }
        return (users, ids);
    }

    private static RatingTable ReadRatings(string path, DenseIdMap movieIds, DenseIdMap userIds, int userCount, int movieCount)
    {
        // About 24 bytes a line in ML-1M; a slight overestimate avoids regrowing the arrays.
        var table = new RatingTableBuilder((int)Math.Min(int.MaxValue / 2, new FileInfo(path).Length / 20));
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
                if (!FieldParsing.TryParseId(line[f[2]], out var rating))
                    throw file.Error($"rating '{DataFileReader.Text(line[f[2]])}' is not a whole number");
                if (rating is < 1 or > 5)
                    throw file.Error($"rating '{rating}' is out of range 1–5");
                if (!FieldParsing.TryParseTimestamp(line[f[3]], out var timestamp))
                    throw file.Error($"timestamp '{DataFileReader.Text(line[f[3]])}' is not a non-negative whole number of seconds");
                if (!userIds.TryGetIndex(userId, out var u))
                    throw file.Error($"user {userId} is not in {UsersFile}");
                if (!movieIds.TryGetIndex(movieId, out var m))
                    throw file.Error($"movie {movieId} is not in {MoviesFile}");
                table.Add(u, m, rating, timestamp);
            }
        }
        var duplicate = table.FirstDuplicate(userCount, movieCount);
        if (duplicate >= 0)
            throw DataFileReader.ErrorAtRecord(path, DataFileReader.OpenDat, duplicate, table.DuplicateProblem(duplicate, userIds.Ids, movieIds.Ids));
        return table.Build();
    }
}
