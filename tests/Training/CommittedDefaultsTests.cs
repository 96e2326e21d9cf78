using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Api;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Training;

/// <summary>
/// "The defaults are the committed model's" (TrainingOptions): a default changed without retraining model/ (and
/// updating the figures in README and docs) fails here, naming the setting.
/// </summary>
public sealed class CommittedDefaultsTests
{
    [CommittedModelFact]
    public void The_training_defaults_are_the_recipe_of_the_committed_model()
    {
        var card = ModelBundle.Load(CommittedBundle.Directory!).Card;
        var d = new TrainingOptions();
        var h = card.Hyperparameters;

        Assert.Equal((d.Epochs, d.BatchSize, d.Seed, d.Patience), (h.Epochs, h.BatchSize, h.Seed, h.Patience));
        Assert.Equal((d.LearningRate, d.LearningRateDecay, d.AbsoluteErrorWeight), (h.LearningRate, h.LearningRateDecay, h.AbsoluteErrorWeight));
        Assert.Equal(d.Regularisation, new RegularisationOptions(h.EmbeddingL2, h.BiasL2, h.DenseL2, h.Dropout));
        Assert.Equal(d.EmbeddingInitStd, h.EmbeddingInitStd);
        Assert.Equal(d.Dim, card.Architecture.Dim);
        Assert.Equal(d.Hidden, card.Architecture.Hidden);
        Assert.Equal(d.RelevanceWeight > 0, card.Architecture.RelevanceHead);
        Assert.NotNull(card.Ranking);
        Assert.Equal((d.RelevanceWeight, d.RelevanceL2), (card.Ranking.RelevanceWeight, card.Ranking.RelevanceL2));
        Assert.NotNull(card.ContentPath);
        Assert.Equal((d.ContentHidden, d.ContentEpochs, d.ContentLearningRate, d.ContentReplaceShare, d.ContentL2),
            (card.ContentPath.Hidden, card.ContentPath.Epochs, card.ContentPath.LearningRate, card.ContentPath.ReplaceShare, card.ContentPath.L2));
        Assert.Equal(HybridRecommender.Core.Model.ContentFeatures.YearBucketStarts, card.ContentPath.YearBucketStarts);
    }
}
