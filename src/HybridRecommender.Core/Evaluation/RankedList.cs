namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// One user's top of the ranking (best first) next to the movies that are relevant to the user:
/// the ranking counterpart of <see cref="Prediction"/>. <see cref="CutoffTied"/> says a candidate left
/// out scored the same as the last one kept, so the tie-break (lower movie index), not the model, chose.
/// </summary>
public sealed record RankedList(int User, IReadOnlyList<int> Ranked, IReadOnlySet<int> Relevant, bool CutoffTied = false);
