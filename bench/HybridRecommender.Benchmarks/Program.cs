using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Running;
using HybridRecommender.Benchmarks;

// Each class carries its own short job ([ShortJob]); DataLoadBenchmarks is skipped without ML1M_DIR.
// Examples:  -- --filter '*'            (everything)
//            -- --filter '*Recommend*'  (one class)
var config = DefaultConfig.Instance
    .WithOptions(ConfigOptions.JoinSummary)
    .AddColumn(StatisticColumn.Median)
    .AddExporter(CsvExporter.Default);
var types = typeof(ScoreAllBenchmarks).Assembly.GetTypes()
    .Where(t => t.IsPublic && !t.IsAbstract && t.Name.EndsWith("Benchmarks", StringComparison.Ordinal))
    .Where(t => t != typeof(DataLoadBenchmarks) || BenchPaths.MovieLens1M() is not null)
    .ToArray();
if (BenchPaths.MovieLens1M() is null)
    Console.WriteLine("ML1M_DIR is not set: DataLoadBenchmarks skipped; TrainingStepBenchmarks use a synthetic table of ML-1M's shape.");
BenchmarkSwitcher.FromTypes(types).Run(args, config);
