namespace HybridRecommender.Core.Model;

/// <summary>
/// The profile of a user with no trained row, from their n ratings alone: <see cref="UserFoldIn"/> from the zero prior, its
/// vector moved a share t(n) = k0 / (k0 + n) of the way to the <see cref="RatedMoviesPrior"/> of the movies they rated —
/// (1 − t)·fit + t·prior — and its bias the fit's own. The prior weighs as much as k0 ratings, so it matters most for a user
/// with few (t = ½ at n = k0) and fades as ratings come in. Why a blend and not the prior inside the fit: both are read from the
/// same few movies, and a fit pulled towards that prior counts them twice (on validation it was worse than the zero prior). Why
/// keep the bias: it is a constant per user in every score, so it cannot reorder a list, and the fit's bias is fitted to the
/// user's stars while the prior's predicts a trained row (docs/MODEL.md, "Fold-in prior"). Without a prior (or when none of the
/// movies has a row in it) this is the plain fit. The API, evaluate's cold start and the validation choices all fold new users in
/// through this class. Thread-safe.
/// </summary>
public sealed class NewUserFoldIn
{
    /// <summary>k0, the prior's weight in ratings, chosen on validation's cold-start protocol (docs/MODEL.md, "Fold-in prior").</summary>
    public const float DefaultPriorWeight = 5f;

    public NewUserFoldIn(UserFoldIn foldIn, RatedMoviesPrior? prior, float priorWeight = DefaultPriorWeight)
    {
        ArgumentNullException.ThrowIfNull(foldIn);
        if (!(priorWeight >= 0) || !float.IsFinite(priorWeight))
            throw new ArgumentOutOfRangeException(nameof(priorWeight), $"The prior's weight (in ratings) must be finite and at least 0; got {priorWeight}.");
        // The prior covers the trained movies; movies added after training (rows past them) have no prior row.
        if (prior is not null && (prior.Dim != foldIn.Scorer.Shape.Dim || prior.Movies != foldIn.Scorer.TrainedMovieCount))
            throw new ArgumentException($"The prior covers {prior.Movies} movies of width {prior.Dim}; the model {foldIn.Scorer.TrainedMovieCount} of width {foldIn.Scorer.Shape.Dim}.", nameof(prior));
        FoldIn = foldIn;
        Prior = prior;
        PriorWeight = priorWeight;
    }

    public UserFoldIn FoldIn { get; }
    /// <summary>The prior from the rated movies, or null (the plain fit).</summary>
    public RatedMoviesPrior? Prior { get; }
    /// <summary>k0: the prior weighs as much as this many ratings.</summary>
    public float PriorWeight { get; }

    /// <summary>t(n) = k0 / (k0 + n): how far the vector of a user with n ratings is moved towards the prior (0 when both are 0).</summary>
    public static float Share(float priorWeight, int ratings) => priorWeight == 0 ? 0f : priorWeight / (priorWeight + ratings);

    /// <summary>The profile of a new user who gave these ratings (model movie indices, the model's scale).</summary>
    public UserProfile Fit(ReadOnlySpan<int> movieIndices, ReadOnlySpan<float> ratings) => Fit(movieIndices, ratings, out _);

    /// <summary><see cref="Fit(ReadOnlySpan{int}, ReadOnlySpan{float})"/>, also giving the fit's accepted steps.</summary>
    public UserProfile Fit(ReadOnlySpan<int> movieIndices, ReadOnlySpan<float> ratings, out int steps)
    {
        var fit = FoldIn.Fit(movieIndices, ratings, null, out steps);
        if (Prior is null || PriorWeight == 0 || Prior.For(TrainedOnly(movieIndices, Prior.Movies)) is not { } prior) return fit;
        return Blend(fit, prior, Share(PriorWeight, movieIndices.Length));
    }

    /// <summary>The vector (1 − t)·fit + t·prior; the bias the fit's.</summary>
    public static UserProfile Blend(UserProfile fit, UserProfile prior, float share)
    {
        var vector = new float[fit.Vector.Length];
        for (var d = 0; d < vector.Length; d++) vector[d] = (1 - share) * fit.Vector[d] + share * prior.Vector[d];
        return new UserProfile(vector, fit.Bias);
    }

    private static ReadOnlySpan<int> TrainedOnly(ReadOnlySpan<int> movies, int trained)
    {
        foreach (var m in movies)
            if (m >= trained) return movies.ToArray().Where(x => x < trained).ToArray();
        return movies;
    }
}
