using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// Trains a fresh network with a bundle's recorded recipe (architecture widths, hyperparameters,
/// seed) on a given dataset and split, through the same <see cref="Trainer"/> with validation early
/// stopping — the way <see cref="TrainingPipeline"/> does, but on the card's split fractions.
/// The genre width comes from the dataset, which is what the genre ablation changes.
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
        };
    }

    public static (RatingScorer Scorer, TrainingRun Run) Train(ModelCard card, MovieLensDataset data, RatingsSplit split, int threads,
        ITrainingProgress? progress = null, CancellationToken cancellation = default)
    {
        var options = Options(card, threads);
        var mean = (float)split.Train.Average(i => (double)data.Ratings.Rating[i]);
        var shape = new HybridNetworkShape(data.Users.Count, data.Movies.Count, data.Genres.Count, options.Dim, options.Hidden);
        var network = new HybridNetwork(shape);
        network.Initialise(options.Seed, mean, options.EmbeddingInitStd);
        network.SetMovieGenres(data.MovieGenreMask);
        var run = new Trainer(options).Train(network, data, split, progress, cancellation);
        return (new RatingScorer(network, card.MinRating, card.MaxRating), run);
    }
}
