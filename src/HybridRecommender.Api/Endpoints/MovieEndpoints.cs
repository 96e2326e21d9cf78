using HybridRecommender.Api.Contracts;
using HybridRecommender.Api.Http;
using HybridRecommender.Api.OpenApi;
using HybridRecommender.Api.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

public static class MovieEndpoints
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    private const string MovieIdDoc = "MovieLens movie id.";

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
            .WithDescription("The catalogue entry with its training-split rating count and mean.");

        movies.MapGet("/{id}/similar", Similar)
            .WithName("SimilarMovies")
            .WithSummary("Movies most like a movie, by the model's learned movie vectors")
            .WithDescription("Cosine similarity of the learned movie representation (embedding plus projected genres), "
                + "nearest first, the movie itself excluded. Movies with no training ratings are never returned: their "
                + "embedding was never trained, so only their genre part means anything. Asking about such a movie works "
                + "but the answer carries a note saying so.");
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
        var catalogue = service.Bundle.Movies;
        var masks = service.Bundle.MovieGenreMask;
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
            var m = service.Bundle.Movies[n.Index];
            return new SimilarMovie(m.Id, m.DisplayTitle, m.Year, m.Genres, Math.Round(n.Score, 6));
        }).ToArray();
        var note = service.Bundle.Movies[movie].RatingCount == 0
            ? "This movie has no training ratings: its embedding is untrained, so these neighbours reflect its genres only."
            : null;
        return TypedResults.Ok(new SimilarMoviesResponse(service.Describe(movie), note, items));
    }
}
