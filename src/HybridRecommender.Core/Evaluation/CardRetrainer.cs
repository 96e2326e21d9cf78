using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// A bundle's recorded recipe (architecture widths, hyperparameters, seed, device) as training options,
/// for retraining it with an <see cref="IRecipeTrainer"/>. The genre width comes from the dataset, which
/// is what the genre ablation changes.
/// </summary>
public static class CardRetrainer
{
    /// <summary>The card's recipe as options. Pass the card's thread count to reproduce its floats (gradients are summed per thread).</summary>
    public static TrainingOptions Options(ModelCard card, int threads)
    {
        var h = card.Hyperparameters;
        return new TrainingOptions
        {
            Epochs = h.Epochs,
            BatchSize = h.BatchSize,
            LearningRate = h.LearningRate,
            LearningRateDecay = h.LearningRateDecay,
            Dim = card.Architecture.Dim,
            Hidden = card.Architecture.Hidden.ToArray(),
            Regularisation = new RegularisationOptions(h.EmbeddingL2, h.BiasL2, h.DenseL2, h.Dropout),
            EmbeddingInitStd = h.EmbeddingInitStd,
            Seed = h.Seed,
            Patience = h.Patience,
            Threads = threads,
            RelevanceWeight = card.Architecture.RelevanceHead ? card.Ranking?.RelevanceWeight ?? 0 : 0,
            RelevanceL2 = card.Ranking?.RelevanceL2 ?? 0,
            AbsoluteErrorWeight = h.AbsoluteErrorWeight,
            // The precision the card's model was trained in, on any machine (a card from before it: float32).
            MlpPrecision = h.MlpPrecision is { } precision ? MlpPrecisions.Parse(precision) : MlpPrecision.Float32,
            ContentHidden = card.ContentPath?.Hidden ?? 0,
            ContentEpochs = card.ContentPath?.Epochs ?? new TrainingOptions().ContentEpochs,
            ContentLearningRate = card.ContentPath?.LearningRate ?? new TrainingOptions().ContentLearningRate,
            ContentReplaceShare = card.ContentPath?.ReplaceShare ?? new TrainingOptions().ContentReplaceShare,
            ContentL2 = card.ContentPath?.L2 ?? new TrainingOptions().ContentL2,
            // A card from before the cap trained its path on every train rating.
            ContentRatingsPerEpoch = card.ContentPath is null ? new TrainingOptions().ContentRatingsPerEpoch : card.ContentPath.RatingsPerEpoch ?? int.MaxValue,
        };
    }
}
