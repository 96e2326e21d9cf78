using HybridRecommender.Core.Bundle;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// IMDb's weighted rating WR = v/(v+m)·R + m/(v+m)·C over the training split, where v and R are a
/// movie's rating count and mean, C the mean of all training ratings and m the minimum votes to be
/// listed (IMDb's rule; it also weighs the prior C). Default m: the 90th percentile of vote counts
/// over movies with at least one rating. Immutable.
/// </summary>
public sealed class WeightedRatingChart
{
    private readonly IReadOnlyList<CatalogueEntry> _movies;
    private readonly ulong[] _genreMasks;
    private readonly int[] _tieKeys;
    private readonly Func<int, bool> _retired;
    // Movie indices of the default chart, best first, so the common request is a prefix scan.
    private readonly int[] _defaultOrder;
    private readonly double[] _defaultWeighted;

    /// <param name="movies">The trained catalogue.</param>
    /// <param name="genreMasks">Per movie, its genres.</param>
    /// <param name="globalMean">C.</param>
    /// <param name="retired">Movies never listed (retired with DELETE /movies/{id}); null: none. m is computed over all rated movies regardless.</param>
    public WeightedRatingChart(IReadOnlyList<CatalogueEntry> movies, ulong[] genreMasks, double globalMean, Func<int, bool>? retired = null)
    {
        _movies = movies;
        _retired = retired ?? (_ => false);
        _genreMasks = genreMasks;
        _tieKeys = movies.Select(m => m.Id).ToArray();
        C = globalMean;
        DefaultMinVotes = Percentile(movies.Where(m => m.RatingCount > 0).Select(m => (double)m.RatingCount).ToArray(), 0.9);
        _defaultWeighted = movies.Select(m => Weighted(m, DefaultMinVotes)).ToArray();
        _defaultOrder = Enumerable.Range(0, movies.Count)
            .Where(i => IsEligible(movies[i], DefaultMinVotes) && !_retired(i))
            .OrderByDescending(i => _defaultWeighted[i]).ThenBy(i => _tieKeys[i])
            .ToArray();
    }

    /// <summary>C, the mean of all training ratings.</summary>
    public double C { get; }

    /// <summary>The default m: 90th percentile of vote counts over rated movies (linear interpolation).</summary>
    public double DefaultMinVotes { get; }

    /// <summary>The best <paramref name="count"/> eligible movies passing the filter, and how many were eligible in all.</summary>
    public (IReadOnlyList<(int Movie, double Weighted)> Items, int Eligible) Top(GenreFilter filter, int count, double? minVotes)
    {
        if (minVotes is null)
        {
            var items = new List<(int, double)>(count);
            var eligible = 0;
            foreach (var i in _defaultOrder)
            {
                if (!filter.Accepts(_genreMasks[i])) continue;
                eligible++;
                if (items.Count < count) items.Add((i, _defaultWeighted[i]));
            }
            return (items, eligible);
        }

        var m = minVotes.Value;
        var top = new TopK(count);
        var n = 0;
        for (var i = 0; i < _movies.Count; i++)
        {
            if (!IsEligible(_movies[i], m) || !filter.Accepts(_genreMasks[i]) || _retired(i)) continue;
            n++;
            top.Add(i, Weighted(_movies[i], m), _tieKeys[i]);
        }
        return (top.ToSortedArray(), n);
    }

    // A movie without ratings has no R to weigh, whatever m is.
    private static bool IsEligible(CatalogueEntry movie, double m) => movie.RatingCount > 0 && movie.RatingCount >= m;

    private double Weighted(CatalogueEntry movie, double m)
    {
        double v = movie.RatingCount;
        return v + m == 0 ? C : v / (v + m) * movie.RatingMean + m / (v + m) * C;
    }

    private static double Percentile(double[] values, double p)
    {
        if (values.Length == 0) return 0;
        Array.Sort(values);
        var position = p * (values.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, values.Length - 1);
        return values[low] + (position - low) * (values[high] - values[low]);
    }
}
