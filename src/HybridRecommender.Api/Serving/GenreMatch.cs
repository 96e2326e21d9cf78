namespace HybridRecommender.Api.Serving;

/// <summary>How a genre filter of several genres applies to a movie.</summary>
public enum GenreMatch
{
    /// <summary>The movie has at least one of the genres.</summary>
    Any,
    /// <summary>The movie has every one of the genres.</summary>
    All,
}
