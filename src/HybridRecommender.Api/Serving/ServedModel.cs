namespace HybridRecommender.Api.Serving;

/// <summary>
/// The model this replica serves now. Each request resolves <see cref="RecommendationService"/> once, at its start
/// (a scoped registration reading <see cref="Current"/>), and keeps that instance to its end: replacing the model
/// never changes it under a request in flight. <see cref="Replace"/> is one reference write.
/// </summary>
public sealed class ServedModel(RecommendationService initial)
{
    private RecommendationService _current = initial;

    public RecommendationService Current => Volatile.Read(ref _current);

    /// <summary>Serves <paramref name="next"/> from the next request on; returns the one it replaces.</summary>
    public RecommendationService Replace(RecommendationService next) => Interlocked.Exchange(ref _current, next);
}
