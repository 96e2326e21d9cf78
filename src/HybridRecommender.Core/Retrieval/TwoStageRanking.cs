using HybridRecommender.Core.Model;

namespace HybridRecommender.Core.Retrieval;

/// <summary>
/// The served ranking past <see cref="RetrievalSettings.ExactScoringLimit"/> movies, in two stages: (1) the
/// <see cref="RetrievalIndex"/> retrieves the movies with the highest linear part of the served score (the relevance head plus β
/// times the rating head's p·e_i + b_i, with the user's own β: trained or folded in) — widened until enough of them pass the
/// request's filter and are not already rated — plus every movie the index does not cover (rows added after it was built);
/// (2) <see cref="ServedRanking.ScoreMovies"/> scores those candidates with the full served score, bit for bit the exact one.
/// A filter narrow enough that the movies it accepts number at most the exact limit, or one so narrow that the widened
/// search would exceed <see cref="MaximumWidening"/> pools or a quarter of the catalogue, is served exactly: every accepted movie is
/// scored. Thread-safe.
/// </summary>
public sealed class TwoStageRanking
{
    public TwoStageRanking(ServedRanking ranking, RetrievalIndex index, RetrievalSettings settings)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(index);
        Settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Validated();
        if (index.Count > ranking.MovieCount)
            throw new ArgumentException($"The index covers {index.Count} movies; the model has {ranking.MovieCount}.", nameof(index));
        Ranking = ranking;
        Index = index;
    }

    /// <summary>The widest search, in pools: a filter that would need more is served by scoring every movie it accepts.</summary>
    public const int MaximumWidening = 8;

    public ServedRanking Ranking { get; }
    public RetrievalIndex Index { get; }
    public RetrievalSettings Settings { get; }

    /// <summary>
    /// The candidates of one list and their served scores: movies that <paramref name="accepts"/> (null = every movie) and that are not
    /// in the sorted <paramref name="rated"/>, at least <c>max(PoolFor(movies), <paramref name="wanted"/>)</c> of them when that many exist.
    /// <paramref name="acceptedBound"/> is an upper bound on how many movies the filter accepts (the catalogue size without one): it sizes the
    /// first search so a filter rarely needs a second.
    /// </summary>
    public (int[] Movies, float[] Scores) Candidates(UserProfile profile, int[] rated, Func<int, bool>? accepts, int acceptedBound, int wanted, bool foldedIn)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(rated);
        var movies = Ranking.MovieCount;
        var pool = Math.Max(Settings.PoolFor(movies), wanted);
        bool Eligible(int m) => (accepts is null || accepts(m)) && Array.BinarySearch(rated, m) < 0;

        var ratingWeight = foldedIn ? Ranking.FoldInRatingWeight : Ranking.RatingWeight;
        List<int>? chosen = null;
        if (accepts is null || acceptedBound > Settings.ExactScoringLimit)
        {
            // Widen by the filter's share of the catalogue, and by the rated movies the index will return and we drop.
            var request = (long)pool * Index.Count / Math.Max(1, Math.Min(acceptedBound, Index.Count)) + rated.Length;
            // A search far wider than the pool costs more than scoring the movies the filter accepts: HNSW's work grows with its breadth.
            var widest = Math.Min(Index.Count / 4L, (long)MaximumWidening * pool + rated.Length);
            while (request <= widest)
            {
                var found = Index.Search(profile.Vector, ratingWeight, (int)request);
                var survivors = new List<int>(Math.Min(found.Length, pool * 2));
                foreach (var m in found)
                    if (Eligible(m)) survivors.Add(m);
                if (survivors.Count >= pool || found.Length < request) { chosen = survivors; break; }
                request *= 4;
            }
        }
        var candidates = chosen ?? new List<int>();
        // The exact path: every accepted movie (a narrow filter, or a search that would not be cheaper than the scan).
        var first = chosen is null ? 0 : Index.Count;
        for (var m = first; m < movies; m++)
            if (Eligible(m)) candidates.Add(m);
        var list = candidates.ToArray();
        var scores = new float[list.Length];
        Ranking.ScoreMovies(profile, rated, list, scores, foldedIn);
        return (list, scores);
    }
}
