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
        var options = CardRetrainer.Options(card, threads);
        var mean = (float)split.Train.Average(i => (double)data.Ratings.Rating[i]);
        var shape = new HybridNetworkShape(data.Users.Count, data.Movies.Count, data.Genres.Count, options.Dim, options.Hidden, options.RelevanceWeight > 0);
        var (run, weights) = TrainingPipeline.TrainNew(shape, data, split, options, mean, progress, cancellation);
        return (new RatingScorer(weights, card.MinRating, card.MaxRating), run);
    }
}
