namespace HybridRecommender.Api.Contracts;

/// <summary>The body of POST /movies and PUT /movies/{id}: a movie's metadata.</summary>
/// <param name="Title">The title as a person reads it ("The Matrix"), 1–200 characters, no control characters, at least one visible (not only zero-width or direction marks).</param>
/// <param name="Year">Release year, from 1870 to next year.</param>
/// <param name="Genres">One or more of the model's genres (GET /genres lists them; any case), each once.</param>
public sealed record MovieRequest(string Title, int Year, IReadOnlyList<string> Genres);
