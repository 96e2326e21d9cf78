using HybridRecommender.Api.Serving;
using HybridRecommender.Tests.Data;

namespace HybridRecommender.Tests.Api;

/// <summary>Which plots /plots serves: the configured folder, else the served model's own, else the repository's assets/.</summary>
public sealed class PlotsFolderTests
{
    [Fact]
    public void A_configured_folder_wins()
    {
        using var root = new TemporaryFolder();
        var model = Directory.CreateDirectory(Path.Combine(root.Path, "model")).FullName;
        Directory.CreateDirectory(Path.Combine(model, PlotsFolder.InModelFolder));
        var configured = Path.Combine(root.Path, "elsewhere");

        Assert.Equal(configured, PlotsFolder.For(configured, model, root.Path).Path);
    }

    [Fact]
    public void Unset_it_is_the_model_folders_own_plots_when_there_are_some()
    {
        using var root = new TemporaryFolder();
        var model = Directory.CreateDirectory(Path.Combine(root.Path, "variant")).FullName;
        var own = Directory.CreateDirectory(Path.Combine(model, PlotsFolder.InModelFolder)).FullName;

        Assert.Equal(own, PlotsFolder.For(null, model, root.Path).Path);
        Assert.Equal(own, PlotsFolder.For(" ", model, root.Path).Path);
    }

    [Fact]
    public void Unset_and_without_its_own_plots_it_is_assets()
    {
        using var root = new TemporaryFolder();
        var model = Directory.CreateDirectory(Path.Combine(root.Path, "model")).FullName;
        var assets = Directory.CreateDirectory(Path.Combine(root.Path, "assets")).FullName;

        Assert.Equal(assets, PlotsFolder.For(null, model, root.Path).Path);
    }
}
