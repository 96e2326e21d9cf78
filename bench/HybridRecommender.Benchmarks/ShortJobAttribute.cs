using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace HybridRecommender.Benchmarks;

/// <summary>
/// A short job for a 2-core machine: one launch, 3 warm-up and 7 measured iterations of ~250 ms each,
/// so the whole suite runs in a few minutes. Fewer iterations than BenchmarkDotNet's default: read
/// the median and the error column together.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShortJobAttribute : Attribute, IConfigSource
{
    public ShortJobAttribute()
    {
        Config = ManualConfig.CreateEmpty().AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(7)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
            .WithId("Short"));
    }

    public IConfig Config { get; }
}
