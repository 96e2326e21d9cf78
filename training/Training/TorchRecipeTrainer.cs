using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Training;

/// <summary>Retrains a card's recipe with the TorchSharp trainer, exactly as <see cref="TrainingPipeline"/> trains (same seed, init, early stopping).</summary>
public sealed class TorchRecipeTrainer : IRecipeTrainer
{
    public (RatingScorer Scorer, TrainingRun Run) Train(ModelCard card, MovieLensDataset data, RatingsSplit split, int threads,
        ITrainingProgress? progress = null, CancellationToken cancellation = default)
    {
        var (weights, run) = TrainWeights(card, data, split, threads, progress, cancellation);
        return (new RatingScorer(weights, card.MinRating, card.MaxRating), run);
    }

    public (HybridWeights Weights, TrainingRun Run) TrainWeights(ModelCard card, MovieLensDataset data, RatingsSplit split, int threads,
        ITrainingProgress? progress = null, CancellationToken cancellation = default)
    {
        var options = CardRetrainer.Options(card, threads);
        var mean = (float)split.Train.Average(i => (double)data.Ratings.Rating[i]);
        var shape = TrainingPipeline.ShapeOf(data, options);
        var (run, weights) = TrainingPipeline.TrainNew(shape, data, split, options, mean, progress, cancellation);
        return (weights, run);
    }

    public HybridWeights RetrainContentPath(ModelCard card, HybridWeights trained, MovieLensDataset data, RatingsSplit split, ContentInputs inputs,
        int threads, CancellationToken cancellation = default)
    {
        var options = CardRetrainer.Options(card, threads);
        if (options.ContentHidden == 0) throw new ArgumentException("The card records no content path to retrain.");
        return ContentPathTrainer.Retrain(trained, data, split, options, inputs, cancellation: cancellation);
    }
}
