namespace HybridRecommender.Core.Evaluation;

/// <summary>Writes a score for every movie index, for one user; higher ranks first. Must be thread-safe.</summary>
public delegate void MovieScores(int user, Span<float> scores);
