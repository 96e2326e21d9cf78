namespace HybridRecommender.Api.Contracts;

/// <summary>The answer of GET /health.</summary>
/// <param name="Status"><c>ready</c>: the model is loaded and served, and the ratings database answers (otherwise the answer is a 503 problem).</param>
/// <param name="TrainedAt">When the served model was trained.</param>
/// <param name="Users">Users the model knows.</param>
/// <param name="Movies">Movies the served model was trained with; movies added with POST /movies are not counted (GET /movies counts them).</param>
/// <param name="ModelVersion">The stored model version served (`models list` in the training program lists them); absent while the replica serves its configured folder (Model:Path, the committed model/).</param>
/// <param name="RefusedVersion">A version made current that this replica refused to serve (it failed to load or to pass the checks), and why; absent when none. The replica keeps serving <c>modelVersion</c>.</param>
public sealed record HealthResponse(string Status, DateTimeOffset TrainedAt, int Users, int Movies,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? ModelVersion = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? RefusedVersion = null);
