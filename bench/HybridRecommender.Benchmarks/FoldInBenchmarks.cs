using BenchmarkDotNet.Attributes;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Benchmarks;

/// <summary>
/// UserFoldIn.Fit with 20 ratings on the committed bundle (the bar: ≤ 5 ms p50), and scoring the
/// whole catalogue with the fitted profile (RatingScorer.RawScoreAll(profile)). The 20 movies are 20 the
/// user rated (bundle's rated.bin, seeded choice); the stars are seeded random 1–5 — rating values are
/// not in the bundle, and random stars fit no worse-conditioned than real ones. Prior "new": zero (a
/// new user); "trained": the user's trained row (a trained user's new ratings).
/// </summary>
[ShortJob]
[MemoryDiagnoser]
public class FoldInBenchmarks : BundleBenchmarkBase
{
    private const int Ratings = 20;
    private UserFoldIn _foldIn = null!;
    private int[] _movies = null!;
    private float[] _stars = null!;
    private UserProfile? _prior;
    private UserProfile _profile = null!;
    private float[] _scores = null!;

    [Params("new", "trained")]
    public string Prior { get; set; } = "new";

    [GlobalSetup]
    public void Setup()
    {
        LoadBundle();
        var rng = new Random(UserId);
        _movies = Bundle.RatedByUser[UserIndex].OrderBy(_ => rng.Next()).Take(Ratings).ToArray();
        _stars = _movies.Select(_ => (float)rng.Next(1, 6)).ToArray();
        _foldIn = new UserFoldIn(Bundle.Scorer);
        _prior = Prior == "trained" ? Bundle.Scorer.TrainedProfile(UserIndex) : null;
        // 200 fits before BenchmarkDotNet's pilot: at ≈ 3 ms a fit, the pilot otherwise sizes iterations from
        // not-yet-tiered code (≈ 50 ms/op), runs 4 fits per iteration, and the measured ones may never reach tier-1.
        for (var i = 0; i < 200; i++) _profile = _foldIn.Fit(_movies, _stars, _prior);
        _scores = new float[Bundle.Movies.Count];
    }

    [Benchmark]
    public UserProfile Fit20() => _foldIn.Fit(_movies, _stars, _prior);

    [Benchmark]
    public float RawScoreAllProfile()
    {
        Bundle.Scorer.RawScoreAll(_profile, _scores);
        return _scores[0];
    }
}
