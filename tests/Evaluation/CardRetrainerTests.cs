using HybridRecommender.Tests.Support;
using System.Text.Json.Nodes;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Evaluation;

namespace HybridRecommender.Tests.Evaluation;

/// <summary>evaluate's ablation retrains a bundle's recipe from its card: every option the trainer reads must come back.</summary>
[Collection(LibTorchCollection.Name)]
public sealed class CardRetrainerTests(SyntheticBundle bundle) : IClassFixture<SyntheticBundle>
{
    [Fact]
    public void Options_read_back_the_recipe_the_bundle_was_trained_with()
    {
        var trained = SyntheticBundle.Options;
        var options = CardRetrainer.Options(bundle.Bundle.Card, threads: trained.Threads);

        Assert.Equal(trained.Epochs, options.Epochs);
        Assert.Equal(trained.BatchSize, options.BatchSize);
        Assert.Equal(trained.LearningRate, options.LearningRate);
        Assert.Equal(trained.LearningRateDecay, options.LearningRateDecay);
        Assert.Equal(trained.Dim, options.Dim);
        Assert.Equal(trained.Hidden, options.Hidden);
        Assert.Equal(trained.Regularisation, options.Regularisation);
        Assert.Equal(trained.Seed, options.Seed);
        Assert.Equal(trained.Patience, options.Patience);
        Assert.Equal(trained.RelevanceWeight, options.RelevanceWeight);
        Assert.Equal(trained.RelevanceL2, options.RelevanceL2);
        // Not the default, so a retrainer that forgot the field (and fell back to the default) fails here.
        Assert.NotEqual(new Core.Training.TrainingOptions().AbsoluteErrorWeight, trained.AbsoluteErrorWeight);
        Assert.Equal(trained.AbsoluteErrorWeight, options.AbsoluteErrorWeight);
    }

    [Fact]
    public void A_card_written_before_the_absolute_error_term_retrains_with_squared_error_only()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hr-card-tests-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            Directory.CreateDirectory(folder);
            foreach (var file in Directory.GetFiles(bundle.Folder)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            var cardPath = Path.Combine(folder, "card.json");
            var card = JsonNode.Parse(File.ReadAllText(cardPath))!;
            Assert.True(card["hyperparameters"]!.AsObject().Remove("absoluteErrorWeight"));
            File.WriteAllText(cardPath, card.ToJsonString());

            var old = ModelBundle.Load(folder);

            Assert.Equal(0f, old.Card.Hyperparameters.AbsoluteErrorWeight);
            Assert.Equal(0f, CardRetrainer.Options(old.Card, threads: 1).AbsoluteErrorWeight);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
