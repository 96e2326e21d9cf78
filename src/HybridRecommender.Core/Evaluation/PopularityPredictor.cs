using HybridRecommender.Core.Data;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// Popularity as IMDb's weighted rating, from training ratings only:
/// WR_i = v/(v+m)·R + m/(v+m)·C, with v the movie's training rating count, R its training mean,
/// C the training mean over all ratings and m the 90th percentile of v over movies with at least one
/// training rating. A movie without training ratings gets C. Every user gets the same WR, so as a
/// rating predictor it is a non-personalised baseline and as a ranker it ranks by WR.
/// </summary>
public sealed class PopularityPredictor : IRatingPredictor
{
    public const double VoteCountPercentile = 90;

    private readonly float[] _weightedRating;

    private PopularityPredictor(float[] weightedRating, double minimumVotes, double mean)
    {
        _weightedRating = weightedRating;
        MinimumVotes = minimumVotes;
        Mean = mean;
    }

    /// <summary>m: the prior's weight in votes.</summary>
    public double MinimumVotes { get; }
    /// <summary>C: the training mean the prior pulls towards.</summary>
    public double Mean { get; }

    public float Predict(int user, int movie) => _weightedRating[movie];

    /// <summary>WR of every movie index (the same for every user).</summary>
    public ReadOnlySpan<float> WeightedRatings => _weightedRating;

    public static PopularityPredictor Fit(RatingTable ratings, IReadOnlyList<int> train, int movies)
    {
        if (train.Count == 0) throw new ArgumentException("No training ratings.", nameof(train));
        var count = new int[movies];
        var sum = new double[movies];
        double total = 0;
        foreach (var i in train)
        {
            var m = ratings.MovieIndex[i];
            count[m]++;
            sum[m] += ratings.Rating[i];
            total += ratings.Rating[i];
        }
        var c = total / train.Count;
        var m90 = Percentile(count.Where(v => v > 0).Select(v => (double)v).ToArray(), VoteCountPercentile);
        var wr = new float[movies];
        for (var i = 0; i < movies; i++)
        {
            double v = count[i];
            wr[i] = v == 0 ? (float)c : (float)(v / (v + m90) * (sum[i] / v) + m90 / (v + m90) * c);
        }
        return new PopularityPredictor(wr, m90, c);
    }

    /// <summary>
    /// The p-th percentile (0–100) by linear interpolation between closest ranks: position
    /// (n − 1)·p/100 in the sorted values (NumPy's default, Hyndman &amp; Fan type 7).
    /// </summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) throw new ArgumentException("No values.", nameof(values));
        if (p is < 0 or > 100) throw new ArgumentOutOfRangeException(nameof(p));
        var sorted = values.Order().ToArray();
        var position = (sorted.Length - 1) * p / 100;
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
