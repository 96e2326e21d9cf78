using HybridRecommender.Core.Data;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// The bias-only baseline r̂ = μ + b_u + b_i, fitted by regularised alternating least squares
/// (Koren 2010, "Factor in the neighbors", §2.1): b_i = Σ(r − μ − b_u) / (λ_i + n_i), then
/// b_u = Σ(r − μ − b_i) / (λ_u + n_u), repeated. λ_i = 25 and λ_u = 10 are Koren's values, fixed
/// in advance rather than tuned on our test set.
/// </summary>
public sealed class BiasBaseline : IRatingPredictor
{
    private readonly float[] _userBias;
    private readonly float[] _movieBias;

    private BiasBaseline(float mean, float[] userBias, float[] movieBias, float min, float max)
    {
        Mean = mean;
        _userBias = userBias;
        _movieBias = movieBias;
        MinRating = min;
        MaxRating = max;
    }

    public float Mean { get; }
    public float MinRating { get; }
    public float MaxRating { get; }

    public float Predict(int user, int movie) => Math.Clamp(Mean + _userBias[user] + _movieBias[movie], MinRating, MaxRating);

    public static BiasBaseline Fit(RatingTable ratings, IReadOnlyList<int> train, int users, int movies,
        float minRating, float maxRating, double movieLambda = 25, double userLambda = 10, int iterations = 10)
    {
        double sum = 0;
        foreach (var i in train) sum += ratings.Rating[i];
        var mean = train.Count == 0 ? 0 : sum / train.Count;
        var bu = new double[users];
        var bi = new double[movies];
        var acc = new double[Math.Max(users, movies)];
        var cnt = new int[acc.Length];
        for (var it = 0; it < iterations; it++)
        {
            Array.Clear(acc); Array.Clear(cnt);
            foreach (var i in train)
            {
                var m = ratings.MovieIndex[i];
                acc[m] += ratings.Rating[i] - mean - bu[ratings.UserIndex[i]];
                cnt[m]++;
            }
            for (var m = 0; m < movies; m++) bi[m] = acc[m] / (movieLambda + cnt[m]);
            Array.Clear(acc); Array.Clear(cnt);
            foreach (var i in train)
            {
                var u = ratings.UserIndex[i];
                acc[u] += ratings.Rating[i] - mean - bi[ratings.MovieIndex[i]];
                cnt[u]++;
            }
            for (var u = 0; u < users; u++) bu[u] = acc[u] / (userLambda + cnt[u]);
        }
        return new BiasBaseline((float)mean, bu.Select(x => (float)x).ToArray(), bi.Select(x => (float)x).ToArray(), minRating, maxRating);
    }
}
