namespace HybridRecommender.Core.Model;

/// <summary>
/// Stand-in rows for a movie the network never saw, from its content alone: the genre vector g
/// (multi-hot / √count, the vocabulary's order) and the release year (null when unknown).
/// </summary>
public interface IContentRowSource
{
    MovieRow Row(ReadOnlySpan<float> genres, int? year);
}
