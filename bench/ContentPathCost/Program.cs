using System.Diagnostics;
using System.Globalization;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Training;
using HybridRecommender.Training.Model;
using static TorchSharp.torch;

// Usage: ContentPathCost <data folder> <exact|sampled> <batches|epoch> <threads>
// Times the content path's training batches — ContentPathTrainer's objective for the run, loss + backward + Adam step, with
// every other weight frozen — on the first <batches> batches of a shuffled epoch of the data's train split (or the whole
// epoch), after 3 warm-up batches, and prints CPU and wall milliseconds per batch and the epoch they imply (per batch ×
// batches per epoch). The tables are freshly initialised, not trained: the path's cost does not depend on their values.
if (args.Length != 4 || args[1] is not ("exact" or "sampled"))
{
    Console.Error.WriteLine("usage: ContentPathCost <data folder> <exact|sampled> <batches|epoch> <threads>");
    return 2;
}
var sampled = args[1] == "sampled";
var threads = int.Parse(args[3], CultureInfo.InvariantCulture);
var options = new TrainingOptions { Threads = threads, SampledObjectiveAbove = sampled ? 0 : long.MaxValue };
var load = Stopwatch.StartNew();
var data = MovieLensReader.Load(args[0]);
var split = RatingsSplit.Create(data, options.Seed);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{data.Users.Count:N0} users, {data.Movies.Count:N0} movies, {split.Train.Length:N0} train ratings; loaded in {load.Elapsed.TotalSeconds:F0} s"));

var device = TorchRuntime.Configure(options);
manual_seed(1);
var shape = new HybridNetworkShape(data.Users.Count, data.Movies.Count, data.Genres.Count, options.Dim, options.Hidden, Relevance: options.RelevanceWeight > 0);
using var network = new HybridNetwork(shape);
network.Initialise(3.5f, options.EmbeddingInitStd);
var path = ContentPathTrainer.AttachFrozen(network, options, device);
using var x = tensor(ContentPathTrainer.InputRows(data, ContentInputs.All), [shape.Movies, ContentFeatures.Width(shape.Genres)], device: device);
var rng = new Random(1);
var objective = ContentPathTrainer.Objective(network, path, x, data, split, options, ContentInputs.All, rng, device);
using var optimizer = optim.Adam(path.parameters(), lr: options.ContentLearningRate);

var n = split.Train.Length;
var order = (int[])split.Train.Clone();
rng.Shuffle(order);
var (users, movies, values) = (new long[n], new long[n], new float[n]);
for (var k = 0; k < n; k++) (users[k], movies[k], values[k]) = (data.Ratings.UserIndex[order[k]], data.Ratings.MovieIndex[order[k]], data.Ratings.Rating[order[k]]);
var epoch = new EpochBatches(users, movies, values, tensor(users), tensor(movies), tensor(values));
var userOrder = Enumerable.Range(0, shape.Users).ToArray();
rng.Shuffle(userOrder);
var perEpoch = (n + options.BatchSize - 1) / options.BatchSize;
const int warmUp = 3;
var batches = args[2] == "epoch" ? perEpoch - warmUp : Math.Min(int.Parse(args[2], CultureInfo.InvariantCulture), perEpoch - warmUp);

var process = Process.GetCurrentProcess();
TimeSpan cpu0 = default;
var clock = new Stopwatch();
for (var b = 0; b < batches + warmUp; b++)
{
    if (b == warmUp) { process.Refresh(); cpu0 = process.TotalProcessorTime; clock.Start(); }
    using var scope = NewDisposeScope();
    var start = b * options.BatchSize;
    var count = Math.Min(options.BatchSize, n - start);
    var from = shape.Relevance ? (int)((long)b * shape.Users / perEpoch) : 0;
    var to = shape.Relevance ? (int)((long)(b + 1) * shape.Users / perEpoch) : 0;
    var loss = objective.Loss(epoch, start, count, userOrder.AsSpan(from, to - from), out var error);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    _ = error.square().sum().item<float>();
}
process.Refresh();
var wall = clock.Elapsed.TotalMilliseconds / batches;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{args[1]} content path, threads {threads}: {batches} batches of {options.BatchSize} (K {options.SampledNegatives}): " +
    $"cpu {(process.TotalProcessorTime - cpu0).TotalMilliseconds / batches:F1} ms/batch, wall {wall:F1} ms/batch; " +
    $"epoch of {perEpoch:N0} batches ≈ {wall * perEpoch / 1000:F0} s wall; load average {File.ReadAllText("/proc/loadavg").Trim()}"));
return 0;
