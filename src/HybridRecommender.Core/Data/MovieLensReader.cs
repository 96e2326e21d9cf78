namespace HybridRecommender.Core.Data;

/// <summary>
/// Loads a MovieLens dataset from a folder, in any of the three layouts GroupLens publishes: ML-1M
/// (ratings.dat, movies.dat, users.dat), ML-10M (ratings.dat, movies.dat, no users.dat, half stars) or the CSV
/// layout of ML-latest / ML-20M / ML-25M / ML-32M (ratings.csv, movies.csv). All give the same
/// <see cref="MovieLensDataset"/> model; other files GroupLens ships (tags, links, genome) are not read.
/// </summary>
public static class MovieLensReader
{
    private static readonly string[] Ml1MFiles =
        [MovieLens1MFiles.MoviesFile, MovieLens1MFiles.UsersFile, MovieLens1MFiles.RatingsFile];

    private static readonly string[] Ml10MFiles = [MovieLens1MFiles.MoviesFile, MovieLens1MFiles.RatingsFile];

    private static readonly string[] CsvFiles = [MovieLensCsvFiles.MoviesFile, MovieLensCsvFiles.RatingsFile];

    /// <summary>Reads the dataset in <paramref name="directory"/>.</summary>
    /// <exception cref="DataNotFoundException">The folder, or a file its layout needs, is missing.</exception>
    /// <exception cref="DataFormatException">A line of a file cannot be read.</exception>
    public static MovieLensDataset Load(string directory)
    {
        var layout = DetectLayout(directory);
        return layout switch
        {
            DatasetLayout.MovieLens1M => MovieLens1MFiles.Load(directory),
            DatasetLayout.MovieLens10M => MovieLens10MFiles.Load(directory),
            _ => MovieLensCsvFiles.Load(directory),
        };
    }

    /// <summary>
    /// The layout of the files in the folder: ML-1M when users.dat is there; else ML-10M when ratings.dat or
    /// movies.dat is (ML-10M has no users file); else CSV when any .csv file is; then every file of that layout must exist.
    /// </summary>
    /// <exception cref="DataNotFoundException">The folder, or a file its layout needs, is missing.</exception>
    public static DatasetLayout DetectLayout(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
            throw new DataNotFoundException(Path.GetFullPath(directory), "MovieLens data folder not found");

        DatasetLayout layout;
        string[] required;
        if (File.Exists(Path.Combine(directory, MovieLens1MFiles.UsersFile)))
            (layout, required) = (DatasetLayout.MovieLens1M, Ml1MFiles);
        else if (Ml10MFiles.Any(f => File.Exists(Path.Combine(directory, f))))
            (layout, required) = (DatasetLayout.MovieLens10M, Ml10MFiles);
        else if (CsvFiles.Any(f => File.Exists(Path.Combine(directory, f))))
            (layout, required) = (DatasetLayout.MovieLensCsv, CsvFiles);
        else
            (layout, required) = (DatasetLayout.MovieLens1M, Ml1MFiles);

        foreach (var name in required)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
                throw new DataNotFoundException(Path.GetFullPath(path), $"MovieLens file {name} not found");
        }
        return layout;
    }
}
