using BenchmarkDotNet.Attributes;
using HybridRecommender.Api.Endpoints;
using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Bundle;

namespace HybridRecommender.Benchmarks;

/// <summary>The committed bundle (model/), loaded once per benchmark process.</summary>
public abstract class BundleBenchmarkBase
{
    protected ModelBundle Bundle { get; private set; } = null!;
    protected RecommendationService Service { get; private set; } = null!;
    protected int UserIndex { get; private set; }

    /// <summary>MovieLens user ids: 1 (53 ratings), 4169 (the most, 2,314), 6040 (the last id).</summary>
    [Params(1, 4169, 6040)]
    public int UserId { get; set; }

    protected void LoadBundle()
    {
        var folder = BenchPaths.ModelFolder();
        Bundle = ModelBundle.Load(folder);
        Service = new RecommendationService(Bundle, folder);
        if (!Bundle.UserIds.TryGetIndex(UserId, out var index)) throw new InvalidOperationException($"User {UserId} is not in the model.");
        UserIndex = index;
    }
}

/// <summary>RatingScorer.RawScoreAll: the network's output for every catalogue movie (3,883) for one user.</summary>
[ShortJob]
[MemoryDiagnoser]
public class ScoreAllBenchmarks : BundleBenchmarkBase
{
    private float[] _scores = null!;

    [GlobalSetup]
    public void Setup()
    {
        LoadBundle();
        _scores = new float[Bundle.Movies.Count];
    }

    [Benchmark]
    public float RawScoreAll()
    {
        Bundle.Scorer.RawScoreAll(UserIndex, _scores);
        return _scores[0];
    }

    /// <summary>The relevance head over the catalogue (/recommend's ranking score at β = 0); skipped for a bundle without the head.</summary>
    [Benchmark]
    public float RelevanceScoreAll()
    {
        if (!Bundle.Scorer.HasRelevanceHead) return 0;
        Bundle.Scorer.RelevanceScoreAll(UserIndex, _scores);
        return _scores[0];
    }
}

/// <summary>
/// RecommendationService.Recommend, top 10: what GET /recommend?user=… computes before JSON (score all,
/// skip rated, genre filter, top-k). Genres: none; Comedy/Drama = either (genres=Comedy,Drama);
/// Action+Thriller = both (genres=Action,Thriller&amp;match=all) — the query shapes of bench/recommend.lua.
/// </summary>
[ShortJob]
[MemoryDiagnoser]
public class RecommendBenchmarks : BundleBenchmarkBase
{
    private GenreFilter _filter = GenreFilter.None;

    [Params("none", "Comedy/Drama", "Action+Thriller")]
    public string Genres { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        LoadBundle();
        var all = Genres.Contains('+');
        string[]? genres = Genres == "none" ? null : [Genres.Replace('/', ',').Replace('+', ',')];
        var match = all ? "all" : null;
        if (!QueryParameters.TryParseGenres(genres, match, Bundle.Genres, out _filter, out var problem))
            throw new InvalidOperationException(problem.Detail);
    }

    [Benchmark]
    public int Recommend() => Service.Recommend(UserIndex, _filter, RecommendationEndpoints.DefaultCount).Length;
}
