using HybridRecommender.Core.Bundle;
using HybridRecommender.Tests.Data;

namespace HybridRecommender.Tests.Plotting;

/// <summary>Where the trainer writes, and the API reads, a model's plots: the repository's assets/ only for its model/.</summary>
public sealed class PlotsLocationTests
{
    [Fact]
    public void The_repositorys_model_folder_has_its_plots_in_the_repositorys_assets()
    {
        using var repo = new TemporaryFolder();
        repo.Write(PlotsLocation.SolutionFile, "");
        var model = Path.Combine(repo.Path, "model");

        Assert.Equal(Path.Combine(repo.Path, "assets"), PlotsLocation.For(model));
        Assert.Equal(Path.Combine(repo.Path, "assets"), PlotsLocation.For(model + Path.DirectorySeparatorChar));
        Assert.Equal(Path.Combine(repo.Path, "assets"), PlotsLocation.For(Path.Combine(repo.Path, "training", "..", "model")));
    }

    [Fact]
    public void Any_other_model_folder_keeps_its_plots_inside_it()
    {
        using var repo = new TemporaryFolder();
        repo.Write(PlotsLocation.SolutionFile, "");
        using var elsewhere = new TemporaryFolder(); // no solution file: a 'model' folder outside the repository

        var variant = Path.Combine(repo.Path, "models", "wide");
        Assert.Equal(Path.Combine(variant, "plots"), PlotsLocation.For(variant));
        Assert.Equal(Path.Combine(repo.Path, "model2", "plots"), PlotsLocation.For(Path.Combine(repo.Path, "model2")));
        Assert.Equal(Path.Combine(elsewhere.Path, "model", "plots"), PlotsLocation.For(Path.Combine(elsewhere.Path, "model")));
    }

    [Fact]
    public void A_relative_folder_is_taken_from_the_current_directory()
    {
        var expected = PlotsLocation.For(Path.Combine(Directory.GetCurrentDirectory(), "some-variant"));
        Assert.Equal(expected, PlotsLocation.For("some-variant"));
        Assert.EndsWith(Path.Combine("some-variant", "plots"), expected, StringComparison.Ordinal);
    }
}
