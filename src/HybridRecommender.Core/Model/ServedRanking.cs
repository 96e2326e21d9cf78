using System.Buffers;
using System.Numerics.Tensors;
using HybridRecommender.Core.Evaluation;

namespace HybridRecommender.Core.Model;

/// <summary>
/// The ranking score /recommend sorts by, and the only code that computes it: the API, evaluate's served row and
/// cold start, and the trainer's validation choice of the weights all call <see cref="ScoreAll(UserProfile, ReadOnlySpan{int}, Span{float})"/>.
/// score(u, i) = s(u, i) + β · r̂_raw(u, i) + w · (x_u B)_i — the relevance head, the rating head, and an item–item
/// (EASE^R) score of the movies the user rated (x_u, a 0/1 row). The item–item term needs nothing but the rated set,
/// so it serves trained, folded-in and brand-new users alike with no retraining. Immutable; thread-safe.
/// </summary>
public sealed class ServedRanking
{
    public ServedRanking(RatingScorer scorer, float ratingWeight, EaseRanker? itemItem, float itemItemWeight)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (!float.IsFinite(ratingWeight) || !float.IsFinite(itemItemWeight) || itemItemWeight < 0)
            throw new ArgumentOutOfRangeException(nameof(itemItemWeight), $"The ranking weights must be finite and w ≥ 0; got β = {ratingWeight}, w = {itemItemWeight}.");
        if (itemItem is not null && itemItem.Movies != scorer.MovieCount)
            throw new ArgumentException($"The item–item model covers {itemItem.Movies} movies; the network {scorer.MovieCount}.", nameof(itemItem));
        Scorer = scorer;
        RatingWeight = ratingWeight;
        ItemItem = itemItemWeight > 0 ? itemItem : null;
        ItemItemWeight = ItemItem is null ? 0f : itemItemWeight;
    }

    public RatingScorer Scorer { get; }
    /// <summary>β: the rating head's share.</summary>
    public float RatingWeight { get; }
    /// <summary>The item–item model, or null when the score has no item–item term.</summary>
    public EaseRanker? ItemItem { get; }
    /// <summary>w: the item–item score's share (0 without the term).</summary>
    public float ItemItemWeight { get; }
    public int MovieCount => Scorer.MovieCount;

    /// <summary>The ranking score of every movie for a profile (trained or folded in) whose user rated <paramref name="rated"/> (movie indices).</summary>
    public void ScoreAll(UserProfile profile, ReadOnlySpan<int> rated, Span<float> scores)
    {
        Scorer.RankScoreAll(profile, scores, RatingWeight);
        AddItemItem(rated, scores);
    }

    /// <summary>As <see cref="ScoreAll(UserProfile, ReadOnlySpan{int}, Span{float})"/> with a trained user's row.</summary>
    public void ScoreAll(int user, ReadOnlySpan<int> rated, Span<float> scores)
    {
        Scorer.RankScoreAll(user, scores, RatingWeight);
        AddItemItem(rated, scores);
    }

    // Movies with no training positive score −∞ in B, so they stay out of the list, as under EASE.
    private void AddItemItem(ReadOnlySpan<int> rated, Span<float> scores)
    {
        if (ItemItem is null) return;
        var rented = ArrayPool<float>.Shared.Rent(scores.Length);
        try
        {
            var itemItem = rented.AsSpan(0, scores.Length);
            ItemItem.Score(rated, itemItem);
            TensorPrimitives.MultiplyAdd(itemItem, ItemItemWeight, scores, scores);
        }
        finally { ArrayPool<float>.Shared.Return(rented); }
    }
}
