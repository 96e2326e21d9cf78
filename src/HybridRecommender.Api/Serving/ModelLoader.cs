using HybridRecommender.Core.Bundle;
using Microsoft.Extensions.Options;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// The one place a served model is built from a bundle folder — at start (Model:Path) and for every version the replica swaps in —
/// so whatever serving adds to a bundle is added the same way to both.
/// </summary>
public sealed class ModelLoader(IOptions<ModelOptions> options, ILogger<RecommendationService> logger)
{
    /// <summary>Loads and validates the bundle (<see cref="ModelBundle.Load"/>) and derives everything served from it (with Model:ExactScoringLimit and Model:CandidatePool).</summary>
    public RecommendationService Load(string folder) => new(ModelBundle.Load(folder), folder, options.Value.Retrieval, logger);
}
