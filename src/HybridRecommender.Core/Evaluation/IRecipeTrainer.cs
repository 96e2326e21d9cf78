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
}
