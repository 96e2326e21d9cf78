using BenchmarkDotNet.Attributes;
using HybridRecommender.Core.Data;

namespace HybridRecommender.Benchmarks;

/// <summary>MovieLensReader.Load of ML-1M (movies.dat, users.dat, ratings.dat: 1,000,209 ratings). Needs ML1M_DIR.</summary>
[ShortJob]
[MemoryDiagnoser]
public class DataLoadBenchmarks
{
    private string _dir = null!;

    [GlobalSetup]
    public void Setup() =>
        _dir = BenchPaths.MovieLens1M() ?? throw new InvalidOperationException("Set ML1M_DIR to a MovieLens 1M folder (ratings.dat, movies.dat, users.dat) for DataLoadBenchmarks.");

    [Benchmark]
    public int LoadMovieLens1M() => MovieLensReader.Load(_dir).Ratings.Count;
}
