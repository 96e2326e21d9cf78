namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// One user's top of the ranking (best first) next to the movies that are relevant to the user:
/// the ranking counterpart of <see cref="Prediction"/>.
/// </summary>
public sealed record RankedList(int User, IReadOnlyList<int> Ranked, IReadOnlySet<int> Relevant);
