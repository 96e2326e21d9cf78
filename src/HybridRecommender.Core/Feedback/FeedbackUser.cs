namespace HybridRecommender.Core.Feedback;

/// <summary>
/// A user row of the feedback database. Users created through the API have a token hash; a model
/// (e.g. ML-1M) user gets a row without one the first time the admin writes a rating for it.
/// <paramref name="Version"/> starts at 1 (0 means "no row") and is bumped by the database on every write to the user's ratings, so a
/// reader anywhere (any replica) can tell whether what it computed from them is still current.
/// </summary>
public sealed record FeedbackUser(int Id, byte[]? TokenHash, long Version);
