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
        var ratings = DatRatingsFile.Read(Path.Combine(directory, RatingsFile), catalogue.Ids, userIds, halfStarsAndUnlistedUsers: false);
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
}
