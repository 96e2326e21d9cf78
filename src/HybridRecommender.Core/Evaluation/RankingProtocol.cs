using HybridRecommender.Core.Data;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// The top-k protocol on a split (docs/EVALUATION.md):
/// relevant = the user's test movies rated ≥ <see cref="RelevanceThreshold"/>;
/// candidates = every catalogue movie the user did not rate in train or validation (both were seen
/// while training or choosing the epoch), so test movies, rated or not, compete with everything unseen;
/// users = those with at least one relevant test movie. Each user's top k comes from <see cref="TopK"/>
/// (ties → lower movie index) and the metrics are averaged over users in user-index order.
/// </summary>
public sealed class RankingProtocol
{
    public const int DefaultK = 10;
    public const float DefaultRelevanceThreshold = 4f;

    private readonly int[][] _seen;                 // per evaluated user: movies rated in train or validation
    private readonly IReadOnlySet<int>[] _relevant; // per evaluated user

    private RankingProtocol(int movies, int k, float threshold, int[] users, int[][] seen, IReadOnlySet<int>[] relevant)
    {
        Movies = movies;
        K = k;
        RelevanceThreshold = threshold;
        Users = users;
        _seen = seen;
        _relevant = relevant;
    }

    public int Movies { get; }
    public int K { get; }
    public float RelevanceThreshold { get; }
    /// <summary>The evaluated user indices, ascending.</summary>
    public IReadOnlyList<int> Users { get; }
    public long RelevantCount => _relevant.Sum(r => (long)r.Count);
    /// <summary>The relevant (user, movie) pairs whose movie <paramref name="movie"/> accepts, e.g. the long-tail ones.</summary>
    public long RelevantCountWhere(Func<int, bool> movie) => _relevant.Sum(r => (long)r.Count(movie));
    /// <summary>Mean number of candidate movies per evaluated user.</summary>
    public double MeanCandidates => _seen.Average(s => (double)(Movies - s.Length));

    public static RankingProtocol Create(RatingTable ratings, RatingsSplit split, int users, int movies,
        int k = DefaultK, float relevanceThreshold = DefaultRelevanceThreshold)
        => Create(ratings, split.Train.Concat(split.Validation), split.Test, users, movies, k, relevanceThreshold);

    /// <summary>
    /// The same protocol one step earlier, for choosing hyperparameters without touching test:
    /// candidates = movies the user did not rate in train; relevant = the user's validation movies rated
    /// ≥ the threshold; users = those with one. Test movies stay candidates (unlabelled, so a miss).
    /// </summary>
    public static RankingProtocol CreateForValidation(RatingTable ratings, RatingsSplit split, int users, int movies,
        int k = DefaultK, float relevanceThreshold = DefaultRelevanceThreshold) =>
        Create(ratings, split.Train, split.Validation, users, movies, k, relevanceThreshold);

    /// <summary>
    /// The same protocol on any two disjoint sets of rating positions: <paramref name="seen"/> is excluded
    /// from the candidates, <paramref name="heldOut"/> supplies the relevant movies (the split's form uses
    /// train + validation and test; fold-in tuning uses train and validation).
    /// </summary>
    public static RankingProtocol Create(RatingTable ratings, IEnumerable<int> seen, IEnumerable<int> heldOut, int users, int movies,
        int k = DefaultK, float relevanceThreshold = DefaultRelevanceThreshold)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), $"k must be at least 1; got {k}.");
        var seenBy = new HashSet<int>[users];
        var relevant = new HashSet<int>[users];
        for (var u = 0; u < users; u++) { seenBy[u] = []; relevant[u] = []; }
        foreach (var i in seen) seenBy[ratings.UserIndex[i]].Add(ratings.MovieIndex[i]);
        foreach (var i in heldOut)
            if (ratings.Rating[i] >= relevanceThreshold) relevant[ratings.UserIndex[i]].Add(ratings.MovieIndex[i]);
        var evaluated = Enumerable.Range(0, users).Where(u => relevant[u].Count > 0).ToArray();
        return new RankingProtocol(movies, k, relevanceThreshold, evaluated,
            evaluated.Select(u => seenBy[u].Order().ToArray()).ToArray(),
            evaluated.Select(u => (IReadOnlySet<int>)relevant[u]).ToArray());
    }

    /// <summary>The same protocol restricted to the evaluated users <paramref name="include"/> keeps (same candidates, same relevant sets).</summary>
    public RankingProtocol ForUsers(Func<int, bool> include)
    {
        var keep = Enumerable.Range(0, Users.Count).Where(n => include(Users[n])).ToArray();
        return new RankingProtocol(Movies, K, RelevanceThreshold, keep.Select(n => Users[n]).ToArray(),
            keep.Select(n => _seen[n]).ToArray(), keep.Select(n => _relevant[n]).ToArray());
    }

    /// <summary>
    /// The same users and relevant sets with the candidates cut down to the movies <paramref name="candidate"/> accepts
    /// (e.g. item cold start ranks the new movies only); the relevant movies must be among them.
    /// </summary>
    public RankingProtocol WithCandidates(Func<int, bool> candidate)
    {
        var others = Enumerable.Range(0, Movies).Where(m => !candidate(m)).ToArray();
        if (_relevant.Any(r => r.Any(m => !candidate(m))))
            throw new ArgumentException("A relevant movie is not among the candidates.", nameof(candidate));
        return new RankingProtocol(Movies, K, RelevanceThreshold, Users.ToArray(),
            _seen.Select(s => s.Concat(others).Distinct().Order().ToArray()).ToArray(), _relevant);
    }

    /// <summary>Every evaluated user's top k under <paramref name="scores"/>, in <see cref="Users"/> order.</summary>
    public RankedList[] Rank(MovieScores scores, int threads) =>
        RankEach(scores, threads, (n, s, excluded) =>
        {
            var top = TopK.Select(s, excluded, K);
            return new RankedList(Users[n], top, _relevant[n], CutoffTied(s, excluded, top));
        });

    /// <summary>
    /// Every evaluated user's list chosen by <paramref name="rerank"/> from the best <paramref name="pool"/> candidates with a
    /// finite score (best first, with their scores); <see cref="RankedList.CutoffTied"/> is false (no score cut decides).
    /// </summary>
    public RankedList[] Rank(MovieScores scores, int threads, Func<int[], float[], int[]> rerank, int pool) =>
        RankEach(scores, threads, (n, s, excluded) =>
        {
            var top = TopK.Select(s, excluded, pool).Where(m => float.IsFinite(s[m])).ToArray();
            return new RankedList(Users[n], rerank(top, top.Select(m => s[m]).ToArray()), _relevant[n]);
        });

    // One loop for both: each user's scores, with the movies they have seen excluded while pick chooses the list.
    private RankedList[] RankEach(MovieScores scores, int threads, Func<int, float[], bool[], RankedList> pick)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads));
        var lists = new RankedList[Users.Count];
        Parallel.For(0, Users.Count, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => (Scores: new float[Movies], Excluded: new bool[Movies]),
            (n, _, buffers) =>
            {
                scores(Users[n], buffers.Scores);
                foreach (var m in _seen[n]) buffers.Excluded[m] = true;
                lists[n] = pick(n, buffers.Scores, buffers.Excluded);
                foreach (var m in _seen[n]) buffers.Excluded[m] = false;
                return buffers;
            },
            _ => { });
        return lists;
    }

    // True when more candidates than were kept score at least the last kept score.
    private static bool CutoffTied(ReadOnlySpan<float> scores, ReadOnlySpan<bool> excluded, int[] top)
    {
        if (top.Length == 0) return false;
        var last = scores[top[^1]];
        var atLeast = 0;
        for (var m = 0; m < scores.Length; m++)
            if (!excluded[m] && scores[m] >= last) atLeast++;
        return atLeast > top.Length;
    }

    public RankingScores Evaluate(MovieScores scores, int threads) => RankingMetrics.Of(Rank(scores, threads), K);

    /// <summary>Scores of a per-pair predictor over the whole catalogue.</summary>
    public static MovieScores FromPredictor(IRatingPredictor predictor) => (user, scores) =>
    {
        for (var m = 0; m < scores.Length; m++) scores[m] = predictor.Predict(user, m);
    };
}
