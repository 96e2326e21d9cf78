namespace HybridRecommender.Tests.Api;

/// <summary>A test on the committed model bundle (repo-root model/), skipped with the reason when it is absent.</summary>
public sealed class CommittedModelFactAttribute : FactAttribute
{
    public CommittedModelFactAttribute()
    {
        if (CommittedModel.Directory is null)
            Skip = "No committed model: model/card.json is absent at the repository root. Train one with `dotnet run --project training`.";
    }
}

public static class CommittedModel
{
    /// <summary>The repository's model/ folder when it holds a card, found by walking up to HybridRecommender.sln; else null.</summary>
    public static string? Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "HybridRecommender.sln"))) continue;
                var model = Path.Combine(dir.FullName, "model");
                return File.Exists(Path.Combine(model, "card.json")) ? model : null;
            }
            return null;
        }
    }
}
