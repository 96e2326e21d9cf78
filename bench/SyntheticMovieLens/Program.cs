using System.CommandLine;
using System.Diagnostics;
using HybridRecommender.SyntheticMovieLens;

var users = new Option<int>("--users") { Description = "Users (each rates ≥ 20 movies).", DefaultValueFactory = _ => SyntheticShape.MovieLens32M().Users };
var movies = new Option<int>("--movies") { Description = "Movies in movies.csv.", DefaultValueFactory = _ => SyntheticShape.MovieLens32M().Movies };
var ratings = new Option<long>("--ratings") { Description = "Ratings in ratings.csv (exactly).", DefaultValueFactory = _ => SyntheticShape.MovieLens32M().Ratings };
var seed = new Option<int>("--seed") { Description = "Seed: the same shape and seed write the same bytes.", DefaultValueFactory = _ => 1 };
var output = new Option<string>("--out") { Description = "Folder to write movies.csv, ratings.csv and README.txt to.", Required = true };
var root = new RootCommand("Writes SYNTHETIC MovieLens-layout data (CSV, as ML-32M) for measuring cost and memory only. Defaults: the ML-32M shape.")
{
    users, movies, ratings, seed, output,
};
root.SetAction(parse =>
{
    var shape = new SyntheticShape(parse.GetValue(users), parse.GetValue(movies), parse.GetValue(ratings), parse.GetValue(seed));
    try { shape.Validate(); }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 2;
    }
    var clock = Stopwatch.StartNew();
    var folder = parse.GetValue(output)!;
    SyntheticMovieLensWriter.Write(shape, folder, Console.Out);
    Console.WriteLine($"wrote {shape.Users:N0} users, {shape.Movies:N0} movies, {shape.Ratings:N0} ratings (seed {shape.Seed}) to {Path.GetFullPath(folder)} in {clock.Elapsed.TotalSeconds:F1} s — synthetic, for cost and memory only");
    return 0;
});
return root.Parse(args).Invoke();
