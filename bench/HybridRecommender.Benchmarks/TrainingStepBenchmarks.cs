using BenchmarkDotNet.Attributes;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Benchmarks;

/// <summary>
/// One training step on a batch of 1,024 ratings for the default architecture (new TrainingOptions():
/// dim 96, hidden [64]): ForwardBackward.Compute then AdamOptimizer.Step. On ML-1M when ML1M_DIR is
/// set; otherwise a synthetic table of the same shape (6,040 users, 3,883 movies, 18 genres,
/// 1,000,209 ratings). Steps cycle through 64 different shuffled batches so the weights keep moving
/// realistically (one repeated batch would over-fit it).
/// </summary>
[ShortJob]
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private const int BatchCount = 64;
    private ForwardBackward _pass = null!;
    private AdamOptimizer _adam = null!;
    private BatchGradients _grads = null!;
    private Batch[] _batches = null!;
    private RegularisationOptions _reg = null!;
    private int _next;

    /// <summary>ForwardBackward threads (AdamOptimizer.Step always runs its three parts with Parallel.Invoke).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>"ml-1m" or "synthetic": which data the batches come from (shown in the results table).</summary>
    public static string DataSource => BenchPaths.MovieLens1M() is null ? "synthetic" : "ml-1m";

    [GlobalSetup]
    public void Setup()
    {
        var options = new TrainingOptions();
        var (shape, genreMasks, users, movies, ratings, mean) = LoadRatings(options);
        var network = new HybridWeights(shape);
        network.SetMovieGenres(genreMasks);
        network.Initialise(options.Seed, mean, options.EmbeddingInitStd);
        _pass = new ForwardBackward(network, Threads);
        _adam = new AdamOptimizer(network, options.LearningRate);
        _grads = new BatchGradients(network, options.BatchSize);
        _reg = options.Regularisation;

        // Shuffled copy of the ratings, cut into BatchCount consecutive batches.
        var rng = new Random(options.Seed);
        var order = Enumerable.Range(0, users.Length).ToArray();
        rng.Shuffle(order);
        var n = BatchCount * options.BatchSize;
        var u = new int[n]; var m = new int[n]; var r = new float[n];
        for (var k = 0; k < n; k++) { u[k] = users[order[k]]; m[k] = movies[order[k]]; r[k] = ratings[order[k]]; }
        _batches = Enumerable.Range(0, BatchCount).Select(b => new Batch(u, m, r, b * options.BatchSize, options.BatchSize)).ToArray();
        Console.WriteLine($"// training-step data: {DataSource}, {users.Length:N0} ratings, shape {shape.Users} users × {shape.Movies} movies × {shape.Genres} genres, dim {shape.Dim}, hidden [{string.Join(",", shape.Hidden)}]");
    }

    /// <summary>Compute + Step: one whole optimiser step, as Trainer.Train does it.</summary>
    [Benchmark]
    public double Step()
    {
        var batch = _batches[_next++ % BatchCount];
        _pass.Compute(batch, _grads, _reg, (ulong)_next);
        _adam.Step(batch, _grads);
        return _grads.Loss;
    }

    /// <summary>ForwardBackward.Compute alone (forward, backward, dense reduction).</summary>
    [Benchmark]
    public double Compute()
    {
        var batch = _batches[_next++ % BatchCount];
        _pass.Compute(batch, _grads, _reg, (ulong)_next);
        return _grads.Loss;
    }

    /// <summary>AdamOptimizer.Step alone, on the last gradients computed (the sparse rows of one batch plus all dense parameters).</summary>
    [Benchmark]
    public long AdamStep()
    {
        var batch = _batches[_next++ % BatchCount];
        _adam.Step(batch, _grads);
        return _adam.StepCount;
    }

    private static (HybridNetworkShape Shape, ulong[] GenreMasks, int[] Users, int[] Movies, float[] Ratings, float Mean) LoadRatings(TrainingOptions options)
    {
        var dir = BenchPaths.MovieLens1M();
        if (dir is not null)
        {
            var data = MovieLensReader.Load(dir);
            var t = data.Ratings;
            var shape = new HybridNetworkShape(data.Users.Count, data.Movies.Count, data.Genres.Count, options.Dim, options.Hidden);
            return (shape, data.MovieGenreMask, t.UserIndex, t.MovieIndex, t.Rating, (float)t.Rating.Average());
        }
        // Synthetic: same sizes as ML-1M, 1–3 genres per movie, whole-star ratings.
        const int users = 6040, movies = 3883, genres = 18, count = 1_000_209;
        var rng = new Random(7);
        var masks = new ulong[movies];
        for (var i = 0; i < movies; i++)
        {
            var k = rng.Next(1, 4);
            for (var j = 0; j < k; j++) masks[i] |= 1UL << rng.Next(genres);
        }
        var us = new int[count]; var ms = new int[count]; var rs = new float[count];
        for (var i = 0; i < count; i++) { us[i] = rng.Next(users); ms[i] = rng.Next(movies); rs[i] = rng.Next(1, 6); }
        return (new HybridNetworkShape(users, movies, genres, options.Dim, options.Hidden), masks, us, ms, rs, (float)rs.Average());
    }
}
