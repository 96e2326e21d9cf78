using BenchmarkDotNet.Attributes;
using HybridRecommender.Api.Endpoints;
using HybridRecommender.Api.Serving;

namespace HybridRecommender.Benchmarks;

/// <summary>
/// RecommendationExplainer.Personalised for the 10 items of a default /recommend: what the explanations add to
/// a request (|rated| cosine dot products per item). User 4169 has the most rated movies (2,314), the worst case.
/// </summary>
[ShortJob]
[MemoryDiagnoser]
public class ExplanationBenchmarks : BundleBenchmarkBase
{
    private (int Movie, float Predicted)[] _picks = [];

    [GlobalSetup]
    public void Setup()
    {
        LoadBundle();
        _picks = Service.Recommend(UserIndex, GenreFilter.None, RecommendationEndpoints.DefaultCount);
    }

    [Benchmark]
    public int ExplainTopTen()
    {
        var n = 0;
        var liked = Service.Bundle.LikedByUser[UserIndex];
        var taste = Service.Explainer.TasteOf(liked);
        foreach (var (movie, _) in _picks)
            n += Service.Explainer.Personalised(liked, taste, movie, GenreFilter.None).Reason.Length;
        return n;
    }
}
