using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using HybridRecommender.Core.Evaluation;

namespace HybridRecommender.Benchmarks;

/// <summary>
/// CholeskyInverse.Invert at EASE's size on ML-1M (3,690 items with a training rating): a Gram-like SPD matrix
/// (6,040 random binary rows of density 4%, + λ = 1500 on the diagonal), on 1 and 2 threads. One invocation is
/// seconds long, so each iteration is a single call.
/// </summary>
[Config(typeof(SingleCallConfig))]
[MemoryDiagnoser]
public class CholeskyInverseBenchmarks
{
    public const int Items = 3690;
    private double[] _gram = [];

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _gram = new double[Items * Items];
        var row = new List<int>();
        for (var u = 0; u < 6040; u++)
        {
            row.Clear();
            for (var i = 0; i < Items; i++) if (random.NextDouble() < 0.04) row.Add(i);
            for (var x = 0; x < row.Count; x++)
                for (var y = x; y < row.Count; y++) _gram[row[x] * Items + row[y]] += 1;
        }
        for (var i = 0; i < Items; i++) _gram[i * Items + i] += 1500;
    }

    [Benchmark]
    public double Invert() => CholeskyInverse.Invert(_gram, Items, Threads)[0];

    private sealed class SingleCallConfig : ManualConfig
    {
        public SingleCallConfig() => AddJob(Job.Default
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)
            .WithInvocationCount(1).WithUnrollFactor(1).WithId("SingleCall"));
    }
}
