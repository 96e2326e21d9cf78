namespace HybridRecommender.Api.Serving;

/// <summary>A request's variety knobs, diversity and novelty, each in [0, 1] (VarietyReranker maps them to its strengths); both 0 (the default) is the plain ranking.</summary>
public readonly record struct Variety(float Diversity, float Novelty)
{
    public bool IsNone => Diversity == 0 && Novelty == 0;
}
