namespace HybridRecommender.Core.Training;

/// <summary>
/// How the loss is regularised. The loss of a batch of B ratings is
/// (1/B) Σ [ (r̂ − r)² + γ|r̂ − r| + λ_e (‖p_u‖² + ‖q_i‖²) + λ_b (b_u² + b_i²) ] + λ_w Σ‖W‖² over decaying dense weights
/// (γ = <see cref="TrainingOptions.AbsoluteErrorWeight"/>).
/// Embedding terms are counted once per rating, so users and movies with many ratings are pulled
/// harder — the classic matrix-factorisation regulariser that an optimiser's plain weight decay lacks.
/// </summary>
public sealed record RegularisationOptions(float Embedding, float Bias, float Dense, float Dropout = 0f)
{
    public void Validate()
    {
        // Named by their training options (the bias L2 has none: it is fixed).
        TrainingOptions.RequireFiniteNonNegative(Embedding, "--weight-decay");
        TrainingOptions.RequireFiniteNonNegative(Dense, "--dense-decay");
        TrainingOptions.RequireFiniteNonNegative(Bias, "The bias L2 λ_b");
        if (!(Dropout is >= 0 and < 1)) throw new ArgumentException($"--dropout must be in [0, 1); got {Dropout}.");
    }
}
