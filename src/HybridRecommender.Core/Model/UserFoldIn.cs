namespace HybridRecommender.Core.Model;

/// <summary>
/// Fits a user's side of the model (p, b) to their ratings with the movie side frozen.
/// </summary>
public sealed class UserFoldIn
{
    private readonly RatingScorer _scorer;

    public UserFoldIn(RatingScorer scorer, FoldInOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        _scorer = scorer;
        Options = options ?? FoldInOptions.Default;
    }

    public FoldInOptions Options { get; }

    /// <summary>
    /// Fits p and b to the given ratings with the movie side frozen, starting from and regularised
    /// towards <paramref name="prior"/> (null = a new user: zero vector, zero bias).
    /// <paramref name="movieIndices"/> are the model's movie row indices.
    /// </summary>
    public UserProfile Fit(ReadOnlySpan<int> movieIndices, ReadOnlySpan<float> ratings, UserProfile? prior = null)
        => throw new NotImplementedException("Fold-in is being implemented on branch foldin.");
}
