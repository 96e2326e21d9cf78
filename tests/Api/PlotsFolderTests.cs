using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Tests.Data;

namespace HybridRecommender.Tests.Api;

/// <summary>Which plots /plots serves: Model:PlotsPath when set, else where the trainer wrote the served model's.</summary>
public sealed class PlotsFolderTests
{
    [Fact]
    public void A_configured_folder_wins_and_a_relative_one_resolves_from_the_content_root()
    {
        using var root = new TemporaryFolder();
        var model = Path.Combine(root.Path, "variant");
        var configured = Directory.CreateDirectory(Path.Combine(root.Path, "elsewhere")).FullName;

        Assert.Equal(configured, PlotsFolder.For(configured, model, root.Path).Path);
        Assert.Equal(configured, PlotsFolder.For("elsewhere", model, root.Path).Path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Unset_it_is_where_the_trainer_writes_the_served_models_plots(string? configured)
    {
        using var root = new TemporaryFolder();
        var model = Path.Combine(root.Path, "variant");

        Assert.Equal(PlotsLocation.For(model), PlotsFolder.For(configured, model, root.Path).Path);
        Assert.Equal(Path.Combine(model, "plots"), PlotsFolder.For(configured, model, root.Path).Path);
    }
}
