using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// Profiles this replica folded in, kept per served model: a profile is only valid for the model it was fitted
/// against, so each <see cref="RecommendationService"/> has its own table, and a replaced model's table goes with it.
/// </summary>
public sealed class FoldedInUsers
{
    /// <summary>Cached profiles kept at most per model; the table is emptied when it grows past this (profiles are cheap to refit).</summary>
    public const int Capacity = 50_000;

    private readonly ConditionalWeakTable<RecommendationService, ConcurrentDictionary<int, ServingUser>> _byModel = new();

    public ConcurrentDictionary<int, ServingUser> For(RecommendationService model) => _byModel.GetOrCreateValue(model);
}
