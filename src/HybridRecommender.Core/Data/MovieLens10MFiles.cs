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
        var userIds = new DenseIdMap();
        var ratings = DatRatingsFile.Read(Path.Combine(directory, MovieLens1MFiles.RatingsFile), catalogue.Ids, userIds, halfStarsAndUnlistedUsers: true);
        return new MovieLensDataset(DatasetLayout.MovieLens10M, movies, userIds.Ids.Select(id => new User(id)).ToList(), genres, ratings);
    }
}
