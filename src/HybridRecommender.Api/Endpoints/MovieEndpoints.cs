using HybridRecommender.Api.Contracts;
using HybridRecommender.Api.Feedback;
using HybridRecommender.Api.Http;
using HybridRecommender.Api.OpenApi;
using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Feedback;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

public static class MovieEndpoints
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    private const string MovieIdDoc = "Movie id: a MovieLens movie id, or one POST /movies returned.";
    private const string AddedMovieIdDoc = "Id of a movie added with POST /movies.";
    private const string AdminText = " Needs `Authorization: Bearer <admin key>` (Feedback:AdminKey): no token → 401, a user's token → 403. "
        + "Rate-limited (429 with Retry-After). The change is served by every replica from its next request that reads the catalogue.";

    public static IEndpointRouteBuilder MapMovieEndpoints(this IEndpointRouteBuilder app)
    {
        var movies = app.MapGroup("/movies").WithTags("Movies");

        movies.MapGet("", Search)
            .WithName("SearchMovies")
            .WithSummary("Search the catalogue")
            .WithDescription("Movies whose title contains `q` (case-insensitive), filtered by `genres`, in catalogue order, "
                + "one page at a time; `total` counts all matches.");

        movies.MapGet("/{id}", GetMovie)
            .WithName("GetMovie")
            .WithSummary("One movie")
            .WithDescription("The catalogue entry with its training-split rating count and mean. A movie added with POST /movies carries "
                + "`added`: when, whether it is retired, and how many ratings its predictions have learnt from.");

        movies.MapPost("", AddMovie)
            .WithName("AddMovie")
            .WithSummary("Add a movie to the catalogue (admin)")
            .WithDescription("Body `{ \"title\": \"…\", \"year\": 2024, \"genres\": [\"Drama\"] }`. Returns 201 with the movie and its "
                + "Location; its id is above every MovieLens id and above every id handed out before, and is never reused. It is scored "
                + "at once: its rows come from its content (the genres), so GET /predict, /movies/{id}/similar and /recommend serve it; "
                + "its first ratings (PUT /users/{id}/ratings/{movieId}) then fold its rows in from them. Genres are the model's "
                + "(GET /genres); the year is 1870 to next year; the title 1–200 characters. The body must be `Content-Type: application/json` "
                + "in UTF-8 (else 415), at most 4,096 bytes (else 413), with each field once (else 400 saying which)." + AdminText)
            .Accepts<MovieRequest>("application/json")
            .AsAuthenticatedWrite();

        movies.MapPut("/{id}", UpdateMovie)
            .WithName("UpdateMovie")
            .WithSummary("Replace an added movie's title, year and genres (admin)")
            .WithDescription("The body of POST /movies. Only movies added with POST /movies can be changed (MovieLens movies are part of "
                + "the trained model: 400). Changing the genres changes the rows it is predicted from." + AdminText)
            .Accepts<MovieRequest>("application/json")
            .AsAuthenticatedWrite();

        movies.MapDelete("/{id}", RetireMovie)
            .WithName("RetireMovie")
            .WithSummary("Retire an added movie (admin)")
            .WithDescription("204 (idempotent). A retired movie is no longer recommended nor listed in /top or as similar; its ratings are kept, "
                + "GET /movies/{id} still answers with `added.retired` true, and /predict still predicts it. Only movies added with POST /movies "
                + "can be retired (400 for a MovieLens movie)." + AdminText)
            .AsAuthenticatedWrite();

        movies.MapGet("/{id}/similar", Similar)
            .WithName("SimilarMovies")
            .WithSummary("Movies most like a movie, by the model's learned movie vectors")
            .WithDescription("Cosine similarity of the learned movie representation (embedding plus projected genres), "
                + "nearest first, the movie itself excluded. MovieLens movies with no training ratings are never returned: their "
                + "embedding was never trained, so only their genre part means anything. Asking about such a movie works "
                + "but the answer carries a note saying so. Movies added with POST /movies are asked about and returned (unless retired): "
                + "their vectors come from their genres and, once rated, their ratings; the note says which.");
        return app;
    }

    public static Results<Ok<MoviePageResponse>, BadRequestProblem> Search(
        [AsParameters] MovieSearchQuery query, RecommendationService service)
    {
        if (!QueryParameters.TryParseInt(query.Page, "page", 1, int.MaxValue, 1, out var page, out var problem)
            || !QueryParameters.TryParseInt(query.PageSize, "pageSize", 1, MaxPageSize, DefaultPageSize, out var pageSize, out problem)
            || !QueryParameters.TryParseGenres(query.Genres, query.Match, service.Bundle.Genres, out var filter, out problem))
            return new BadRequestProblem(problem);

        var text = query.Q?.Trim() ?? "";
        var catalogue = service.Movies;
        var masks = service.MovieGenreMask;
        var skip = (long)(page - 1) * pageSize; // long: page may be near int.MaxValue
        var total = 0;
        var items = new List<MovieResponse>(pageSize);
        for (var i = 0; i < catalogue.Count; i++)
        {
            if (!filter.Accepts(masks[i]) || !(catalogue[i].Title.Contains(text, StringComparison.OrdinalIgnoreCase) || catalogue[i].DisplayTitle.Contains(text, StringComparison.OrdinalIgnoreCase))) continue;
            if (total >= skip && items.Count < pageSize) items.Add(service.Describe(i));
            total++;
        }
        return TypedResults.Ok(new MoviePageResponse(page, pageSize, total, items));
    }

    public static Results<Ok<MovieResponse>, NotFoundProblem, BadRequestProblem> GetMovie(
        [ParameterDoc(MovieIdDoc, "1", Integer = true)] string id, RecommendationService service)
    {
        if (!ModelLookups.TryMovie(service, id, "id", out var movie, out var problem))
            return problem.Status == StatusCodes.Status404NotFound ? new NotFoundProblem(problem) : new BadRequestProblem(problem);
        return TypedResults.Ok(service.Describe(movie));
    }

    public static Results<Ok<SimilarMoviesResponse>, NotFoundProblem, BadRequestProblem> Similar(
        [ParameterDoc(MovieIdDoc, "1", Integer = true)] string id, [AsParameters] CountQuery query, RecommendationService service)
    {
        if (!ModelLookups.TryMovie(service, id, "id", out var movie, out var problem))
            return problem.Status == StatusCodes.Status404NotFound ? new NotFoundProblem(problem) : new BadRequestProblem(problem);
        if (!QueryParameters.TryParseInt(query.Count, "count", 1, RecommendationEndpoints.MaxCount, RecommendationEndpoints.DefaultCount, out var count, out problem))
            return new BadRequestProblem(problem);

        var items = service.Similarity.Nearest(movie, count).Select(n =>
        {
            var m = service.Movies[n.Index];
            return new SimilarMovie(m.Id, m.DisplayTitle, m.Year, m.Genres, Math.Round(n.Score, 6));
        }).ToArray();
        var catalogue = service.Catalogue;
        var note = !catalogue.IsAdded(movie)
            ? catalogue.Movies[movie].RatingCount == 0 ? "This movie has no training ratings: its embedding is untrained, so these neighbours reflect its genres only." : null
            : catalogue.FoldedInRatings(movie) == 0
                ? "This movie was added after training and has no ratings yet: its vector comes from its genres, so these neighbours reflect its genres."
                : $"This movie was added after training: its vector comes from its genres and {catalogue.FoldedInRatings(movie)} rating(s) given through the API.";
        return TypedResults.Ok(new SimilarMoviesResponse(service.Describe(movie), note, items));
    }

    public static async Task<Results<Created<MovieResponse>, BadRequestProblem, ForbiddenProblem, PayloadTooLargeProblem, UnsupportedMediaTypeProblem>> AddMovie(
        HttpContext http, RecommendationService service, IMovieCatalogueStore store, CancellationToken ct)
    {
        if (AdminOnly(http) is { } denied) return denied;
        var (request, problem) = await MovieRequestReader.ReadAsync(http.Request, service.Bundle.Genres, ct);
        if (request is null) return BodyProblem(problem!);
        var added = await store.AddMovieAsync(service.Bundle.MovieIds.MaxId, request.Title, request.Year, request.Genres, CancellationToken.None); // once begun, finish
        return TypedResults.Created($"/movies/{added.Id}", Describe(added, 0));
    }

    public static async Task<Results<Ok<MovieResponse>, BadRequestProblem, NotFoundProblem, ForbiddenProblem, PayloadTooLargeProblem, UnsupportedMediaTypeProblem>> UpdateMovie(
        [ParameterDoc(AddedMovieIdDoc, "5000", Integer = true)] string id, HttpContext http, RecommendationService service, IMovieCatalogueStore store, CancellationToken ct)
    {
        if (AdminOnly(http) is { } denied) return denied;
        if (!TryAddedId(service, id, out var movieId, out var problem)) return new BadRequestProblem(problem);
        var (request, bodyProblem) = await MovieRequestReader.ReadAsync(http.Request, service.Bundle.Genres, ct);
        if (request is null)
            return bodyProblem!.Status switch
            {
                StatusCodes.Status413PayloadTooLarge => new PayloadTooLargeProblem(bodyProblem),
                StatusCodes.Status415UnsupportedMediaType => new UnsupportedMediaTypeProblem(bodyProblem),
                _ => new BadRequestProblem(bodyProblem),
            };
        var updated = await store.UpdateMovieAsync(movieId, request.Title, request.Year, request.Genres, CancellationToken.None);
        if (updated is null) return new NotFoundProblem(UnknownAdded(movieId));
        var ratings = service.MovieIds.TryGetIndex(movieId, out var row) && service.Catalogue.IsAdded(row) ? service.Catalogue.FoldedInRatings(row) : 0;
        return TypedResults.Ok(Describe(updated, ratings));
    }

    public static async Task<Results<NoContent, BadRequestProblem, NotFoundProblem, ForbiddenProblem>> RetireMovie(
        [ParameterDoc(AddedMovieIdDoc, "5000", Integer = true)] string id, HttpContext http, RecommendationService service, IMovieCatalogueStore store, CancellationToken ct)
    {
        if (AdminOnly(http) is { } denied) return denied;
        if (!TryAddedId(service, id, out var movieId, out var problem)) return new BadRequestProblem(problem);
        if (await store.RetireMovieAsync(movieId, CancellationToken.None) is null) return new NotFoundProblem(UnknownAdded(movieId));
        return TypedResults.NoContent();
    }

    private static MovieResponse Describe(AddedMovie m, int ratings) =>
        new(m.Id, Core.Data.DisplayTitle.Of(m.Title), m.Year, m.Genres, 0, null, new AddedMovieStatus(DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedAtMs), m.Retired, ratings));

    private static ForbiddenProblem? AdminOnly(HttpContext http) => FeedbackClaims.IsAdmin(http.User) ? null : new ForbiddenProblem(AdminRequired());

    private static ProblemDetails AdminRequired() => Problems.Forbidden("Admin key required",
        "Only the admin key (Feedback:AdminKey) may add, change or retire movies; a user's token may only rate them.");

    private static ProblemDetails UnknownAdded(int id) =>
        Problems.NotFound("Unknown movie", $"No movie with id {id} was added with POST /movies. Find movie ids with GET /movies?q=title.", "id");

    // A whole number that is not a MovieLens movie of the model: those are part of the trained model.
    private static bool TryAddedId(RecommendationService service, string raw, out int id, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out ProblemDetails? problem)
    {
        if (!QueryParameters.TryParseRequiredInt(raw, "id", int.MinValue, int.MaxValue, out id, out problem))
        {
            problem.Detail += " A movie id added with POST /movies is a whole number above " + service.Bundle.MovieIds.MaxId + ".";
            return false;
        }
        if (service.Bundle.MovieIds.Contains(id))
        {
            problem = Problems.BadRequest("Trained movie", $"Movie {id} is part of the trained model (MovieLens): it cannot be changed or retired here. "
                + "Only movies added with POST /movies can; their ids are above " + service.Bundle.MovieIds.MaxId + ".", "id");
            return false;
        }
        return true;
    }

    private static Results<Created<MovieResponse>, BadRequestProblem, ForbiddenProblem, PayloadTooLargeProblem, UnsupportedMediaTypeProblem> BodyProblem(ProblemDetails problem) =>
        problem.Status switch
        {
            StatusCodes.Status413PayloadTooLarge => new PayloadTooLargeProblem(problem),
            StatusCodes.Status415UnsupportedMediaType => new UnsupportedMediaTypeProblem(problem),
            _ => new BadRequestProblem(problem),
        };
}
