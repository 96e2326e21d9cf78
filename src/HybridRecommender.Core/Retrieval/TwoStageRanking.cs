using HybridRecommender.Core.Model;

namespace HybridRecommender.Core.Retrieval;

/// <summary>
/// The served ranking past <see cref="RetrievalSettings.ExactScoringLimit"/> movies, in two stages: (1) the
/// <see cref="RetrievalIndex"/> retrieves the movies with the highest linear part of the served score (the relevance head plus β
/// times the rating head's p·e_i + b_i, with the user's own β: trained or folded in) — widened until enough of them pass the
/// request's filter and are not already rated — plus every movie the index does not cover (rows added after it was built);
/// (2) <see cref="ServedRanking.ScoreMovies"/> scores those candidates with the full served score, bit for bit the exact one.
/// A filter so narrow that the widened search would exceed <see cref="MaximumWidening"/> pools or a quarter of the catalogue is
/// served from the movies it accepts: all of them scored when they number at most the exact limit, else the pool of them with the
/// highest linear part, computed exactly for each (the search's first stage without its approximation). Thread-safe.
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

    /// <summary>The widest search, in pools: a filter that would need more is served from the movies it accepts.</summary>
    public const int MaximumWidening = 8;

    public ServedRanking Ranking { get; }
    public RetrievalIndex Index { get; }
    public RetrievalSettings Settings { get; }

    /// <summary>
    /// The candidates of one list and their served scores: movies that <paramref name="filter"/> accepts (null = every movie) and that
    /// are not in the sorted <paramref name="rated"/>, at least <c>max(PoolFor(movies), <paramref name="wanted"/>)</c> of them when that
    /// many exist.
    /// </summary>
    public (int[] Movies, float[] Scores) Candidates(UserProfile profile, int[] rated, MovieFilter? filter, int wanted, bool foldedIn)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(rated);
        var movies = Ranking.MovieCount;
        var pool = Math.Max(Settings.PoolFor(movies), wanted);
        var accepts = filter?.Accepts;
        bool Eligible(int m) => (accepts is null || accepts(m)) && Array.BinarySearch(rated, m) < 0;

        var ratingWeight = foldedIn ? Ranking.FoldInRatingWeight : Ranking.RatingWeight;
        var acceptedCount = filter?.Count ?? movies;
        int[] list;
        if (filter is null || acceptedCount > Settings.ExactScoringLimit)
        {
            // Widen by the filter's share of the catalogue, and by the rated movies the index will return and we drop; a filtered search
            // asks a quarter more, as the filter's share among a user's best movies varies around its share of the catalogue.
            var share = Math.Max(1, Math.Min(acceptedCount, Index.Count));
            var request = (long)pool * Index.Count / share * (share < Index.Count ? 5 : 4) / 4 + rated.Length;
            // A search far wider than the pool costs more than a pass over the movies the filter accepts: HNSW's work grows with its breadth.
            var widest = Math.Min(Index.Count / 4L, (long)MaximumWidening * pool + rated.Length);
            while (request <= widest)
            {
                var found = Index.Search(profile.Vector, ratingWeight, (int)request);
                var survivors = new List<int>(Math.Min(found.Length, pool * 2));
                foreach (var m in found)
                    if (Eligible(m)) survivors.Add(m);
                if (survivors.Count >= pool || found.Length < request)
                {
                    // Plus every movie the index does not cover.
                    for (var m = Index.Count; m < movies; m++)
                        if (Eligible(m)) survivors.Add(m);
                    return Scored(profile, rated, survivors.ToArray(), foldedIn);
                }
                // Short: widen by the share of survivors seen (1.5× to 4×), up to the widest search; short even then, list the filter's movies.
                if (request == widest) break;
                request = Math.Min(widest, (long)(request * Math.Clamp(1.25 * pool / Math.Max(1, survivors.Count), 1.5, 4)));
            }
        }
        // A narrow filter: the movies it accepts.
        var accepted = filter?.Movies?.Invoke();
        if (accepted is null)
        {
            var scanned = new List<int>();
            for (var m = 0; m < movies; m++)
                if (Eligible(m)) scanned.Add(m);
            list = scanned.ToArray();
        }
        else list = Array.FindAll(accepted, m => Array.BinarySearch(rated, m) < 0);
        if (list.Length > Math.Max(pool, Settings.ExactScoringLimit)) list = BestLinear(profile, ratingWeight, list, pool);
        return Scored(profile, rated, list, foldedIn);
    }

    private (int[] Movies, float[] Scores) Scored(UserProfile profile, int[] rated, int[] list, bool foldedIn)
    {
        var scores = new float[list.Length];
        Ranking.ScoreMovies(profile, rated, list, scores, foldedIn);
        return (list, scores);
    }

    // The pool of movies with the highest linear part l(u, i) (what the index ranks by, here computed exactly; ties to the lower index),
    // plus every movie the index does not cover, as the search path has them.
    private int[] BestLinear(UserProfile profile, float ratingWeight, int[] movies, int pool)
    {
        var scorer = Ranking.Scorer;
        var best = new PriorityQueue<int, (float Score, int Movie)>(pool + 1, LowestRankedFirst);
        var outside = new List<int>();
        foreach (var m in movies)
        {
            if (m >= Index.Count) { outside.Add(m); continue; }
            var key = (RetrievalIndex.LinearPart(scorer, profile.Vector, ratingWeight, m), m);
            if (best.Count < pool) best.Enqueue(m, key);
            else if (best.TryPeek(out _, out var lowest) && LowestRankedFirst.Compare(key, lowest) > 0) best.DequeueEnqueue(m, key);
        }
        var chosen = new int[best.Count + outside.Count];
        var k = 0;
        while (best.TryDequeue(out var m, out _)) chosen[k++] = m;
        outside.CopyTo(chosen, k);
        return chosen;
    }

    // Lower score first; at equal scores the higher movie index (the one ties drop).
    private static readonly Comparer<(float Score, int Movie)> LowestRankedFirst =
        Comparer<(float Score, int Movie)>.Create((a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Movie.CompareTo(a.Movie));
}
