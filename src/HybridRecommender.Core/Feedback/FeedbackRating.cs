namespace HybridRecommender.Core.Feedback;

/// <summary>One rating held by the feedback database: external ids (MovieLens ids), the rating value, and when it was last set (Unix milliseconds).</summary>
public sealed record FeedbackRating(int UserId, int MovieId, float Rating, long UpdatedAtMs);
