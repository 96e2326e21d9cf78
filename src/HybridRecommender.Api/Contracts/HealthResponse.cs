namespace HybridRecommender.Api.Contracts;

/// <summary>The answer of GET /health.</summary>
/// <param name="Status"><c>ready</c>: the model is loaded and served, and the ratings database answers (otherwise the answer is a 503 problem).</param>
/// <param name="TrainedAt">When the served model was trained.</param>
/// <param name="Users">Users the model knows.</param>
/// <param name="Movies">Movies in the catalogue.</param>
public sealed record HealthResponse(string Status, DateTimeOffset TrainedAt, int Users, int Movies);
