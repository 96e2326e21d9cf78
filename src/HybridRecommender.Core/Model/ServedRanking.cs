using System.Buffers;
using System.Numerics.Tensors;
using HybridRecommender.Core.Evaluation;

namespace HybridRecommender.Core.Model;

/// <summary>
/// The ranking score /recommend sorts by, and the only code that computes it: the API, evaluate's served row and
/// cold start, and the trainer's validation choice of the weights all call <see cref="ScoreAll(UserProfile, ReadOnlySpan{int}, Span{float}, bool)"/>.
/// score(u, i) = s(u, i) + β · r̂_raw(u, i) + w · (x_u B)_i (with β_f, w_f for users folded in from their ratings alone) — the relevance head, the rating head, and an item–item
/// (EASE^R) score of the movies the user rated (x_u, a 0/1 row). The item–item term needs nothing but the rated set,
/// so it serves trained, folded-in and brand-new users alike with no retraining. Immutable; thread-safe.
/// </summary>
public sealed class ServedRanking
{
    /// <summary>
    /// The largest catalogue the item–item term is fitted for. EASE^R's B is dense (movies × movies floats, its fit ≈ 3 double
    /// copies and n³ flops): 57 MB and a 0.74 GB peak at ML-1M's 3,883 movies, 0.4 GB and ≈ 5 GB at 10,000, 30 GB at 87,585.
    /// Above it the served score drops the term (w = w_f = 0) and ranks by s + β·r̂ (docs/MODEL.md, "Serving a large catalogue").
    /// </summary>
    public const int ItemItemMovieLimit = 10_000;

    // foldInRatingWeight, foldInItemItemWeight: β_f and w_f for users with no trained row, folded in from their ratings (null = β, w).
    // contentMovies: movies whose rows stand in from the content path (held out of the item–item fit): their item–item term is 0.
    public ServedRanking(RatingScorer scorer, float ratingWeight, EaseRanker? itemItem, float itemItemWeight,
        float? foldInRatingWeight = null, float? foldInItemItemWeight = null, IReadOnlyList<int>? contentMovies = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var betaF = foldInRatingWeight ?? ratingWeight;
        var wF = foldInItemItemWeight ?? itemItemWeight;
        if (!float.IsFinite(ratingWeight) || !float.IsFinite(itemItemWeight) || itemItemWeight < 0 || !float.IsFinite(betaF) || !float.IsFinite(wF) || wF < 0)
            throw new ArgumentOutOfRangeException(nameof(itemItemWeight), $"The ranking weights must be finite and w ≥ 0; got β = {ratingWeight}, w = {itemItemWeight}, β_f = {betaF}, w_f = {wF}.");
        // Movies added after training follow the trained ones and have no item–item column: the term covers the trained rows.
        if (itemItem is not null && itemItem.Movies != scorer.TrainedMovieCount)
            throw new ArgumentException($"The item–item model covers {itemItem.Movies} movies; the network was trained on {scorer.TrainedMovieCount}.", nameof(itemItem));
        Scorer = scorer;
        ItemItem = itemItemWeight > 0 || wF > 0 ? itemItem : null;
        RatingWeight = ratingWeight;
        ItemItemWeight = ItemItem is null ? 0f : itemItemWeight;
        FoldInRatingWeight = betaF;
        FoldInItemItemWeight = ItemItem is null ? 0f : wF;
        _contentMovies = contentMovies?.ToArray() ?? [];
        if (_contentMovies.Any(m => (uint)m >= (uint)scorer.MovieCount)) throw new ArgumentOutOfRangeException(nameof(contentMovies));
    }

    private readonly int[] _contentMovies;

    public RatingScorer Scorer { get; }

    /// <summary>The same score over <paramref name="scorer"/>: this model's scorer extended with added movies (<see cref="RatingScorer.WithAddedMovies"/>); their item–item term is 0.</summary>
    public ServedRanking WithScorer(RatingScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (scorer.TrainedMovieCount != Scorer.TrainedMovieCount)
            throw new ArgumentException($"The scorer was trained on {scorer.TrainedMovieCount} movies; this ranking's on {Scorer.TrainedMovieCount}.", nameof(scorer));
        return new ServedRanking(scorer, RatingWeight, ItemItem, ItemItemWeight, FoldInRatingWeight, FoldInItemItemWeight, _contentMovies);
    }
    /// <summary>β: the rating head's share.</summary>
    public float RatingWeight { get; }
    /// <summary>The item–item model, or null when the score has no item–item term.</summary>
    public EaseRanker? ItemItem { get; }
    /// <summary>w: the item–item score's share (0 without the term).</summary>
    public float ItemItemWeight { get; }
    /// <summary>β_f: the rating head's share for a user folded in from their ratings (no trained row).</summary>
    public float FoldInRatingWeight { get; }
    /// <summary>w_f: the item–item share for such a user.</summary>
    public float FoldInItemItemWeight { get; }
    public int MovieCount => Scorer.MovieCount;

    /// <summary>
    /// The ranking score of every movie for a profile whose user rated <paramref name="rated"/> (movie indices): with the
    /// trained users' weights (β, w) for a trained row — moved by API ratings or not — and with (β_f, w_f) when
    /// <paramref name="foldedIn"/>, a user with no trained row whose profile was folded in from their ratings alone.
    /// </summary>
    public void ScoreAll(UserProfile profile, ReadOnlySpan<int> rated, Span<float> scores, bool foldedIn = false)
    {
        Scorer.RankScoreAll(profile, scores, foldedIn ? FoldInRatingWeight : RatingWeight);
        AddItemItem(rated, scores, foldedIn ? FoldInItemItemWeight : ItemItemWeight);
    }

    /// <summary>As <see cref="ScoreAll(UserProfile, ReadOnlySpan{int}, Span{float}, bool)"/> with a trained user's row.</summary>
    public void ScoreAll(int user, ReadOnlySpan<int> rated, Span<float> scores)
    {
        Scorer.RankScoreAll(user, scores, RatingWeight);
        AddItemItem(rated, scores, ItemItemWeight);
    }

    /// <summary>
    /// The ranking score of the movies <paramref name="movies"/> only (two-stage retrieval's candidates): <paramref name="scores"/>[k] is, bit for bit,
    /// what <see cref="ScoreAll(UserProfile, ReadOnlySpan{int}, Span{float}, bool)"/> gives movie <paramref name="movies"/>[k].
    /// </summary>
    public void ScoreMovies(UserProfile profile, ReadOnlySpan<int> rated, ReadOnlySpan<int> movies, Span<float> scores, bool foldedIn = false)
    {
        Scorer.RankScoreMovies(profile, movies, scores, foldedIn ? FoldInRatingWeight : RatingWeight);
        var weight = foldedIn ? FoldInItemItemWeight : ItemItemWeight;
        if (ItemItem is null || weight == 0) return;
        // The item–item term only exists up to ItemItemMovieLimit movies, where one full row of it is cheap.
        var rented = ArrayPool<float>.Shared.Rent(Scorer.MovieCount + movies.Length);
        try
        {
            var full = rented.AsSpan(0, Scorer.MovieCount);
            ItemItemTerms(rated, full);
            var picked = rented.AsSpan(Scorer.MovieCount, movies.Length);
            for (var k = 0; k < movies.Length; k++) picked[k] = full[movies[k]];
            TensorPrimitives.MultiplyAdd(picked, weight, scores, scores);
        }
        finally { ArrayPool<float>.Shared.Return(rented); }
    }

    private void AddItemItem(ReadOnlySpan<int> rated, Span<float> scores, float weight)
    {
        if (ItemItem is null || weight == 0) return;
        var covered = ItemItem.Movies;
        var rented = ArrayPool<float>.Shared.Rent(covered);
        try
        {
            var itemItem = rented.AsSpan(0, covered);
            ItemItemTerms(rated, itemItem);
            var trained = scores[..covered];
            TensorPrimitives.MultiplyAdd(itemItem, weight, trained, trained);
        }
        finally { ArrayPool<float>.Shared.Return(rented); }
    }

    // The item–item term of the first terms.Length movies. Movies with no training positive score −∞ in B, so they stay out of the
    // list, as under EASE — unless content stands in for their rows (_contentMovies): then they just get no term. Movies added after
    // training (rows past the trained ones) have no row or column in B: rated, they add nothing; scored, their term is 0.
    private void ItemItemTerms(ReadOnlySpan<int> rated, Span<float> terms)
    {
        var covered = ItemItem!.Movies;
        var trainedRated = rated;
        foreach (var m in rated)
            if (m >= covered) { trainedRated = FilterTrained(rated, covered); break; }
        ItemItem.Score(trainedRated, terms[..covered]);
        foreach (var m in _contentMovies) if (m < terms.Length && m < covered) terms[m] = 0f;
        if (terms.Length > covered) terms[covered..].Clear();
    }

    private static int[] FilterTrained(ReadOnlySpan<int> rated, int covered)
    {
        var kept = new List<int>(rated.Length);
        foreach (var m in rated) if (m < covered) kept.Add(m);
        return kept.ToArray();
    }
}
