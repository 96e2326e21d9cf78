namespace HybridRecommender.Core.Model;

/// <summary>Which content the content path reads; the others are zeroed in its input (the item cold-start ablations).</summary>
[Flags]
public enum ContentInputs
{
    None = 0,
    Genres = 1,
    Year = 2,
    All = Genres | Year,
}
