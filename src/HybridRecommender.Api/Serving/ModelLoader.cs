using HybridRecommender.Core.Bundle;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// The one place a served model is built from a bundle folder — at start (Model:Path) and for every version the replica swaps in —
/// so whatever serving adds to a bundle is added the same way to both.
/// </summary>
public sealed class ModelLoader
{
    /// <summary>Loads and validates the bundle (<see cref="ModelBundle.Load"/>) and derives everything served from it.</summary>
    public RecommendationService Load(string folder) => new(ModelBundle.Load(folder), folder);
}
