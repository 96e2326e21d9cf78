namespace HybridRecommender.Api.Serving;

/// <summary>A request's variety: diversity δ and novelty ν, each in [0, 1]; both 0 (the default) is the plain ranking.</summary>
public readonly record struct Variety(float Diversity, float Novelty)
{
    public bool IsNone => Diversity == 0 && Novelty == 0;
}
