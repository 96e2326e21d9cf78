namespace HybridRecommender.Core.Training;

/// <summary>Hyperparameters of a training run. The defaults are the committed model's.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 20;
    public int BatchSize { get; init; } = 4096;
    public float LearningRate { get; init; } = 0.01f;
    /// <summary>Learning rate multiplier applied after every epoch.</summary>
    public float LearningRateDecay { get; init; } = 0.75f;
    public int Dim { get; init; } = 96;
    public IReadOnlyList<int> Hidden { get; init; } = [64];
    public RegularisationOptions Regularisation { get; init; } = new(Embedding: 0.075f, Bias: 0.005f, Dense: 1e-3f);
    /// <summary>
    /// Weight γ of the mean absolute error next to the squared error in the rating loss, (r̂ − r)² + γ|r̂ − r|.
    /// Squared error alone predicts the conditional mean; the |·| term pulls r̂ a little toward the conditional median,
    /// which lowers MAE at first order while RMSE, flat at its minimum, barely moves. Default 0.4 (with λ_e 0.075): the
    /// lowest validation RMSE + MAE of the values tried under 3 s per epoch (docs/MODEL.md, "Validation choices"); 0 = squared error only.
    /// </summary>
    public float AbsoluteErrorWeight { get; init; } = 0.4f;
    public double EmbeddingInitStd { get; init; } = 0.05;
    public int Seed { get; init; } = 42;
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>libtorch device: "cpu" (default) or "cuda"/"cuda:N" (needs a CUDA TorchSharp package; untested here).</summary>
    public string Device { get; init; } = "cpu";
    /// <summary>Stop after this many epochs without a better validation RMSE; the best epoch's weights are kept.</summary>
    public int Patience { get; init; } = 2;
    /// <summary>
    /// Weight α of the relevance head's loss (softmax over the catalogue of each user's train movies) next to the
    /// rating loss; 0 = no relevance head (a rating-only network, ranked by r̂). Default 1: the best validation NDCG@10
    /// of the weights tried (docs/MODEL.md, "Validation choices").
    /// </summary>
    public float RelevanceWeight { get; init; } = 1f;
    /// <summary>
    /// L2 λ_r on relevance_embedding (Σ of squares, once per batch). Default 1e-5: without it the head overfits after
    /// epoch 5 (validation NDCG@10 falls); 1e-4 is too strong (docs/MODEL.md, "Validation choices").
    /// </summary>
    public float RelevanceL2 { get; init; } = 1e-5f;
    /// <summary>
    /// Hidden width of the content path (stand-in rows from genres and year, docs/MODEL.md "Content path"); 0 = no content path.
    /// The path is trained after the tables, with everything else frozen, so it leaves every trained row as it was.
    /// </summary>
    public int ContentHidden { get; init; } = 64;
    /// <summary>Epochs of the content path's training (over the train ratings, after the tables).</summary>
    public int ContentEpochs { get; init; } = 4;
    /// <summary>
    /// Most train ratings one content-path epoch visits: above it each epoch draws a fresh sample of this many (and the matching
    /// share of users for the relevance part). The path is small (≈ 14 k weights at H = 64) and learns from content shared by
    /// many movies, so at ML-32M shape every one of 27 M ratings four times costs ≈ 7 minutes for what a sample also teaches.
    /// Default 4 M: ML-1M (855 k train ratings) is untouched; the 10M shape's 8.6 M and the 32M shape's 27 M are sampled (docs/MODEL.md, "Content path").
    /// </summary>
    public int ContentRatingsPerEpoch { get; init; } = 4_000_000;
    /// <summary>Adam's learning rate for the content path.</summary>
    public float ContentLearningRate { get; init; } = 0.005f;
    /// <summary>
    /// Share ρ of the rated movies whose relevance logits are the content path's in each batch's softmax (the rest keep
    /// their own rows), so the stand-in logits are learned on the scale of the trained ones they will compete with.
    /// </summary>
    public float ContentReplaceShare { get; init; } = 0.2f;
    /// <summary>L2 on the content path's weights (Σ of squares, once per batch).</summary>
    public float ContentL2 { get; init; } = 1e-4f;

    /// <summary>
    /// Users × movies above which training uses the scalable objective — the relevance head's sampled softmax with a log-Q
    /// correction and lazy Adam on the table rows a batch touches — instead of the exact full softmax and dense Adam, whose
    /// cost per epoch grows with users × movies (docs/MODEL.md, "Training at scale"). ML-1M (6,040 × 3,883 = 23.5 M) stays
    /// exact under the default; 0 = always the scalable objective.
    /// </summary>
    public long SampledObjectiveAbove { get; init; } = 100_000_000;
    /// <summary>K, the negatives the sampled softmax draws per batch (shared by the batch's users).</summary>
    public int SampledNegatives { get; init; } = 2048;
    /// <summary>
    /// Under the scalable objective, apply each batch's table-row updates while the next batch's forward and backward pass
    /// run (on the second core): that batch reads its rows one row update behind; the dense weights are never behind.
    /// False: each batch sees every update before it. Chosen on ML-1M's validation (docs/MODEL.md, "Training at scale").
    /// </summary>
    public bool OverlapRowUpdates { get; init; } = true;
    /// <summary>
    /// The number format of the MLP's matrix products while training (docs/MODEL.md, "Training at scale"). Auto (the default):
    /// bfloat16 under the sampled objective on a CPU with bfloat16 dot products, float32 otherwise — so ML-1M's default
    /// training is float32. Chosen on ML-1M's validation with the sampled objective forced.
    /// </summary>
    public MlpPrecision MlpPrecision { get; init; } = MlpPrecision.Auto;
    /// <summary>
    /// Most validation users the per-epoch NDCG@10 and the ranking-weight choice rank (a fixed seeded sample when there are
    /// more): ranking every user over the whole catalogue costs users × movies. Null (the default): as many as
    /// <see cref="ValidationRankingBudget"/> scores allow, at most <see cref="DefaultValidationUsers"/> — see <see cref="ValidationUsersFor"/>.
    /// </summary>
    public int? ValidationUsers { get; init; }

    /// <summary>The most validation users ranked by default; ML-1M's 5,051 and the 10M shape's are all ranked.</summary>
    public const int DefaultValidationUsers = 10_000;

    /// <summary>
    /// Users × movies one validation ranking pass scores by default: 250 M keeps ML-1M (every user) and the 10M shape (10,000 users)
    /// as they were and ranks 2,854 users at ML-32M's 87,585 movies, where 10,000 users would cost 3.5 × as much per pass.
    /// </summary>
    public const long ValidationRankingBudget = 250_000_000;

    /// <summary>The validation users ranked over a catalogue of <paramref name="movies"/>: <see cref="ValidationUsers"/> when set, else the budget's.</summary>
    public int ValidationUsersFor(int movies) =>
        ValidationUsers ?? (int)Math.Clamp(ValidationRankingBudget / Math.Max(movies, 1), 1, DefaultValidationUsers);

    /// <summary>Whether a data set of <paramref name="users"/> × <paramref name="movies"/> trains with the scalable objective.</summary>
    public bool UsesSampledObjective(int users, int movies) => (long)users * movies > SampledObjectiveAbove;

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"--epochs must be at least 1; got {Epochs}.");
        if (BatchSize < 1) throw new ArgumentException($"--batch-size must be at least 1; got {BatchSize}.");
        if (!(LearningRate > 0) || !float.IsFinite(LearningRate)) throw new ArgumentException($"--lr must be a positive number; got {LearningRate}.");
        if (!(LearningRateDecay > 0) || !float.IsFinite(LearningRateDecay)) throw new ArgumentException($"--lr-decay must be a positive number; got {LearningRateDecay}.");
        if (Dim < 1) throw new ArgumentException($"--dim must be at least 1; got {Dim}.");
        if (Hidden.Any(h => h < 1)) throw new ArgumentException($"--hidden widths must be positive; got {string.Join(",", Hidden)}.");
        if (Threads < 1) throw new ArgumentException($"--threads must be at least 1; got {Threads}.");
        if (Patience < 1) throw new ArgumentException($"Patience must be at least 1; got {Patience}.");
        if (SampledObjectiveAbove < 0) throw new ArgumentException($"--sampled-above must be ≥ 0 (users × movies; 0 = always sampled); got {SampledObjectiveAbove}.");
        if (SampledNegatives < 1) throw new ArgumentException($"--negatives must be at least 1; got {SampledNegatives}.");
        if (ValidationUsers is < 1) throw new ArgumentException($"--validation-users must be at least 1; got {ValidationUsers}.");
        _ = NormalisedDevice();
        RequireFiniteNonNegative(RelevanceWeight, "--relevance-weight");
        RequireFiniteNonNegative(AbsoluteErrorWeight, "--absolute-error-weight");
        RequireFiniteNonNegative(RelevanceL2, "--relevance-l2");
        if (ContentHidden < 0) throw new ArgumentException($"--content-hidden must be ≥ 0 (0 = no content path); got {ContentHidden}.");
        if (ContentHidden > 0 && ContentEpochs < 1) throw new ArgumentException($"--content-epochs must be at least 1; got {ContentEpochs}.");
        if (ContentHidden > 0 && ContentRatingsPerEpoch < BatchSize) throw new ArgumentException($"--content-ratings-per-epoch must be at least the batch size ({BatchSize}); got {ContentRatingsPerEpoch}.");
        if (!(ContentLearningRate > 0) || !float.IsFinite(ContentLearningRate)) throw new ArgumentException($"--content-lr must be a positive number; got {ContentLearningRate}.");
        if (!(ContentReplaceShare > 0 && ContentReplaceShare <= 1)) throw new ArgumentException($"--content-replace-share must be in (0, 1]; got {ContentReplaceShare}.");
        RequireFiniteNonNegative(ContentL2, "--content-l2");
        Regularisation.Validate();
    }

    /// <summary>
    /// <see cref="Device"/> trimmed and in lower case: "cpu", "cuda" or "cuda:N"; anything else is refused naming --device.
    /// Checked by <see cref="Validate"/>, before any data is read; whether CUDA is there is libtorch's to say when training starts.
    /// </summary>
    public string NormalisedDevice()
    {
        var d = Device.Trim().ToLowerInvariant();
        if (d is "cpu" or "cuda" || (d.StartsWith("cuda:", StringComparison.Ordinal) && d.Length > 5 && d[5..].All(char.IsAsciiDigit)))
            return d;
        throw new ArgumentException($"--device must be 'cpu' or 'cuda' (optionally 'cuda:N'); got '{Device}'.");
    }

    // NaN fails the comparison, so it is refused with the negatives. Also RegularisationOptions' check.
    internal static void RequireFiniteNonNegative(float value, string option)
    {
        if (!(value >= 0) || !float.IsFinite(value)) throw new ArgumentException($"{option} must be a finite number ≥ 0; got {value}.");
    }
}
