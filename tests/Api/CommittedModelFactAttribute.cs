using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Api;

/// <summary>A test on the committed model bundle (repo-root model/), skipped with the reason when it is absent.</summary>
public sealed class CommittedModelFactAttribute : FactAttribute
{
    public CommittedModelFactAttribute()
    {
        if (CommittedBundle.Directory is null)
            Skip = "No committed model: model/card.json is absent at the repository root. Train one with `dotnet run --project training`.";
    }
}
