using System.CommandLine;
using System.Diagnostics;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Retrieval;
using HybridRecommender.SyntheticCatalogue;

// Synthetic large catalogues for serving cost only (docs/BENCHMARKS.md, "Serving at scale"):
//   write  --from model --movies 87585 --out /tmp/model-87k     a bundle of that many movies + its retrieval index
//   index  --model /tmp/model-87k                               (re)write a bundle's retrieval index (retrieval.usearch)
//   recall --model /tmp/model-87k --users 300                   recall@10 of two-stage lists against exact scoring
//   recall --model /tmp/model-1m --users 100 --genres Action,Thriller --match all    … of lists with a genre filter
const string IndexFile = "retrieval.usearch"; // RecommendationService.RetrievalIndexFile: where the API looks

var root = new RootCommand("Synthetic large model bundles, FOR SERVING COST ONLY, and two-stage retrieval's recall.");

var from = new Option<string>("--from") { Description = "Source bundle (its users, architecture and trained movies).", DefaultValueFactory = _ => "model" };
var movies = new Option<int>("--movies") { Description = "Movies in the synthetic catalogue (≥ the source's).", Required = true };
var output = new Option<string>("--out") { Description = "Folder to write the bundle to.", Required = true };
var seed = new Option<int>("--seed") { Description = "Seed of the synthetic rows.", DefaultValueFactory = _ => 24 };
var write = new Command("write", "Write a bundle with --movies movies and its retrieval index.") { from, movies, output, seed };
write.SetAction(parse =>
{
    var watch = Stopwatch.StartNew();
    var bundle = SyntheticBundle.Grow(ModelBundle.Load(parse.GetValue(from)!), parse.GetValue(movies), parse.GetValue(seed));
    var folder = parse.GetValue(output)!;
    bundle.Save(folder);
    Console.WriteLine($"wrote {folder}: {bundle.Movies.Count:N0} movies, {bundle.Network.ParameterCount:N0} parameters ({watch.Elapsed.TotalSeconds:F1} s)");
    WriteIndex(bundle, folder);
    return 0;
});

var model = new Option<string>("--model") { Description = "Bundle folder.", Required = true };
var index = new Command("index", "Build a bundle's retrieval index and write it beside the weights.") { model };
index.SetAction(parse =>
{
    var folder = parse.GetValue(model)!;
    WriteIndex(ModelBundle.Load(folder), folder);
    return 0;
});

var users = new Option<int>("--users") { Description = "Trained users sampled.", DefaultValueFactory = _ => 300 };
var pool = new Option<int[]>("--pool") { Description = "Candidates scored in the second stage (Model:CandidatePool); several values measure each.", DefaultValueFactory = _ => [RetrievalSettings.DefaultCandidatePool], AllowMultipleArgumentsPerToken = true };
var genres = new Option<string?>("--genres") { Description = "Only movies of any of these genres (comma-separated), as /recommend's genres= filter." };
var match = new Option<string>("--match") { Description = "With --genres: movies of any of them, or of all of them (/recommend's match=).", DefaultValueFactory = _ => "any" };
match.AcceptOnlyFromAmong("any", "all");
var recall = new Command("recall", "Recall@10 of two-stage lists against exact scoring, over a sample of trained users.") { model, users, pool, genres, match, seed };
recall.SetAction(parse =>
{
    var folder = parse.GetValue(model)!;
    var load = Stopwatch.StartNew();
    var bundle = ModelBundle.Load(folder);
    using var relevance = RetrievalIndex.Load(Path.Combine(folder, IndexFile), bundle.Scorer, bundle.Movies.Count);
    Console.WriteLine($"loaded {folder}: {bundle.Movies.Count:N0} movies in {load.Elapsed.TotalSeconds:F1} s");
    var mask = 0UL;
    foreach (var g in (parse.GetValue(genres) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        mask |= bundle.Genres.TryGetIndex(g, out var k) ? 1UL << k : throw new ArgumentException($"Unknown genre '{g}'; the model's genres: {string.Join(", ", bundle.Genres.Names)}.");
    foreach (var size in parse.GetValue(pool)!)
    {
        var settings = new RetrievalSettings(CandidatePool: size).Validated();
        var all = parse.GetValue(match) == "all";
        var r = TwoStageRecall.Measure(bundle, relevance, settings, parse.GetValue(users), parse.GetValue(seed), mask, all);
        Console.WriteLine($"RECALL movies={bundle.Movies.Count} users={r.Users} pool={settings.PoolFor(bundle.Movies.Count)} genres={parse.GetValue(genres) ?? "-"} match={(all ? "all" : "any")} "
            + $"recall_at_10={r.Recall:F4} min_recall={r.MinRecall:F1} exact_median_ms={r.ExactMedianMs:F2} two_stage_median_ms={r.TwoStageMedianMs:F2}");
    }
    return 0;
});

root.Subcommands.Add(write);
root.Subcommands.Add(index);
root.Subcommands.Add(recall);
return root.Parse(args).Invoke();

static void WriteIndex(ModelBundle bundle, string folder)
{
    var watch = Stopwatch.StartNew();
    var last = 0;
    using var relevance = RetrievalIndex.Build(bundle.Scorer, progress: new Progress<int>(done =>
    {
        if (done - last < 100_000) return;
        last = done;
        Console.WriteLine($"  indexed {done:N0} movies ({watch.Elapsed.TotalSeconds:F0} s)");
    }));
    var path = Path.Combine(folder, IndexFile);
    relevance.Save(path);
    Console.WriteLine($"wrote {path}: {relevance.Count:N0} movies, {new FileInfo(path).Length / 1e6:F0} MB ({watch.Elapsed.TotalSeconds:F1} s)");
}
