using System.Diagnostics;
using System.Globalization;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Training;
using HybridRecommender.Training.Model;
using static TorchSharp.torch;

// Usage: TrainingStepCost <users> <movies> <batches> <exact|sampled> <threads> [batch size] [auto|fp32|bf16 (the MLP precision)]
//        TrainingStepCost adam <table rows> <touched rows per step> <steps>
//        TrainingStepCost mlp-product
// The second form times LazyRowAdam alone on a [rows, 96] table, the fused CPU pass against the same update as tensor ops.
// Times <batches> optimiser steps of the default recipe (batch 4096, d 96, hidden [64], relevance head, K 2048) on random
// ratings and a relevance slice of users × 4096 / (users × 140) users per batch (ML-1M-like 140 train movies per user),
// after 5 warm-up steps, and prints CPU and wall milliseconds per batch. Epoch cost ≈ per batch × train ratings / 4096.
if (args.Length == 4 && args[0] == "adam")
{
    set_num_threads(1);
    var (tableRows, touched, steps) = (int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
    foreach (var (fused, passThreads) in new[] { (true, 1), (true, 2), (false, 1), (true, 1), (true, 2), (false, 1) })
    {
        var draw = new Random(1);
        using var table = randn(tableRows, 96);
        using var adam = new LazyRowAdam(table, fused: fused, threads: passThreads);
        var timer = new Stopwatch();
        for (var s = 0; s < steps + 5; s++)
        {
            var rows = Enumerable.Range(0, touched).Select(_ => (long)draw.Next(tableRows)).Distinct().ToArray();
            using var g = randn(rows.Length, 96);
            if (s == 5) timer.Start();
            adam.Step(rows, g, 0.01);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"LazyRowAdam {(fused ? $"fused pass, {passThreads} thread(s)" : "tensor ops")}: {timer.Elapsed.TotalMilliseconds / steps:F2} ms per step of {touched} rows × 96 of {tableRows}"));
    }
    return 0;
}
if (args is ["mlp-product"])
{
    // The MLP's largest product, fc1 forward at the default recipe ([4096, 211] by [211, 64]), one thread, float32 against bfloat16.
    set_num_threads(1);
    foreach (var type in new[] { ScalarType.Float32, ScalarType.BFloat16, ScalarType.Float32, ScalarType.BFloat16 })
    {
        using var x = randn(4096, 211).to_type(type);
        using var w = randn(64, 211).to_type(type);
        var rounds = new List<double>();
        for (var round = 0; round < 6; round++)
        {
            var timer = Stopwatch.StartNew();
            for (var k = 0; k < 200; k++) { using var _ = x.matmul(w.t()); }
            if (round > 0) rounds.Add(timer.Elapsed.TotalMilliseconds / 200); // the first round warms up
        }
        rounds.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[4096, 211] x [211, 64] in {type}: {rounds[2]:F3} ms (median of 5 rounds of 200)"));
    }
    return 0;
}
if (args.Length is not (5 or 6 or 7) || args[3] is not ("exact" or "sampled"))
{
    Console.Error.WriteLine("usage: TrainingStepCost <users> <movies> <batches> <exact|sampled> <threads> [batch size] [auto|fp32|bf16]");
    return 2;
}
var (users, movies, batches, threads) = (int.Parse(args[0], CultureInfo.InvariantCulture), int.Parse(args[1], CultureInfo.InvariantCulture),
    int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
var sampled = args[3] == "sampled";
var options = new TrainingOptions { Threads = threads, SampledObjectiveAbove = sampled ? 0 : long.MaxValue };
if (args.Length >= 6) options = options with { BatchSize = int.Parse(args[5], CultureInfo.InvariantCulture) };
if (args.Length == 7) options = options with { MlpPrecision = MlpPrecisions.Parse(args[6]) };
var device = TorchRuntime.Configure(options);
manual_seed(1);
using var network = new HybridNetwork(new HybridNetworkShape(users, movies, 19, options.Dim, options.Hidden, Relevance: true));
network.Initialise(3.5f, options.EmbeddingInitStd);
network.MlpPrecision = CpuBFloat16.Resolve(options, network.Shape); // what Trainer.Train sets
var random = new Random(1);
const int perUser = 140, warmUp = 5;
var trainMovies = Enumerable.Range(0, users).Select(_ => Enumerable.Range(0, perUser).Select(__ => random.Next(movies)).Distinct().ToArray()).ToArray();
var counts = new int[movies];
foreach (var list in trainMovies) foreach (var m in list) counts[m]++;
using IBatchStep step = sampled
    ? new SampledBatchStep(network, options, trainMovies, counts, device)
    : new ExactBatchStep(network, options, trainMovies, device);
var batch = options.BatchSize;
var n = (long)batch * (batches + warmUp);
var (u, i, r) = (new long[n], new long[n], new float[n]);
for (long k = 0; k < n; k++) (u[k], i[k], r[k]) = (random.Next(users), random.Next(movies), 1 + random.Next(5));
var epoch = new EpochBatches(u, i, r, tensor(u), tensor(i), tensor(r));
var order = Enumerable.Range(0, users).ToArray();
var slice = Math.Max(1, batch / perUser);
var process = Process.GetCurrentProcess();
TimeSpan cpu0 = default;
var clock = new Stopwatch();
for (var b = 0; b < batches + warmUp; b++)
{
    if (b == warmUp) { process.Refresh(); cpu0 = process.TotalProcessorTime; clock.Start(); }
    using var scope = NewDisposeScope();
    TrainingBatch Batch(int k) => new(k * batch, batch, new ArraySegment<int>(order, k * slice % (users - slice), slice));
    var error = step.Step(epoch, Batch(b), b + 1 < batches + warmUp ? Batch(b + 1) : null);
    _ = error.square().sum().item<float>();
}
process.Refresh();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{args[3]} users {users} movies {movies} threads {threads} MLP {MlpPrecisions.Name(network.MlpPrecision)}: {batches} batches of {batch} + {slice} relevance users: " +
    $"cpu {(process.TotalProcessorTime - cpu0).TotalMilliseconds / batches:F1} ms/batch, wall {clock.Elapsed.TotalMilliseconds / batches:F1} ms/batch; " +
    $"load average {File.ReadAllText("/proc/loadavg").Trim()}"));
return 0;
