using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// Trains a fresh network with a bundle's recorded recipe (<see cref="CardRetrainer.Options"/>) on a given
/// dataset and split. The evaluator uses it for the genre ablation; the implementation (TorchSharp) lives
/// on the training side so that this library, which the API loads, never loads libtorch.
/// </summary>
public interface IRecipeTrainer
{
    (RatingScorer Scorer, TrainingRun Run) Train(ModelCard card, MovieLensDataset data, RatingsSplit split, int threads,
        ITrainingProgress? progress = null, CancellationToken cancellation = default);

    /// <summary>As <see cref="Train"/>, returning the weights themselves (with the card's content path, when it has one).</summary>
    (HybridWeights Weights, TrainingRun Run) TrainWeights(ModelCard card, MovieLensDataset data, RatingsSplit split, int threads,
        ITrainingProgress? progress = null, CancellationToken cancellation = default);

    /// <summary>
    /// <paramref name="trained"/> with a new content path trained by the card's recipe on <paramref name="split"/>'s train ratings,
    /// reading only <paramref name="inputs"/> (the tables stay as they are): the item cold-start ablations.
    /// </summary>
    HybridWeights RetrainContentPath(ModelCard card, HybridWeights trained, MovieLensDataset data, RatingsSplit split, ContentInputs inputs,
        int threads, CancellationToken cancellation = default);
}
