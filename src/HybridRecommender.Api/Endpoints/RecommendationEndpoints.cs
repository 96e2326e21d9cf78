using HybridRecommender.Api.Contracts;
using HybridRecommender.Api.Http;
using HybridRecommender.Api.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

public static class RecommendationEndpoints
{
    public const int DefaultCount = 10;
    public const int MaxCount = 100;

    public static IEndpointRouteBuilder MapRecommendationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/recommend", Recommend)
            .WithName("Recommend")
            .WithTags("Recommendations")
            .WithSummary("Recommend movies for a user, or popular movies without one")
            .WithDescription("With `user`: scores every movie the user has not rated with the hybrid network, keeps those "
                + "matching `genres` (any by default, all with match=all) and returns the `count` best by the ranking score — the "
                + "network's relevance head (how likely the user is to choose the movie), plus the share of predicted rating chosen on "
                + "validation; a model without that head ranks by predicted rating — ties by movie id; each item's `predictedRating` is "
                + "the rating head's, as GET /predict gives it; strategy `personalized`. Without `user`: the IMDb weighted-rating chart of GET /top; "
                + "strategy `popular`. Unknown user → 404 (omit `user` for popular picks).");
        return app;
    }

    public static Results<Ok<RecommendationResponse>, NotFoundProblem, BadRequestProblem> Recommend(
        [AsParameters] RecommendQuery query, RecommendationService service)
    {
        if (!QueryParameters.TryParseInt(query.Count, "count", 1, MaxCount, DefaultCount, out var count, out var problem)
            || !QueryParameters.TryParseGenres(query.Genres, query.Match, service.Bundle.Genres, out var filter, out problem)
            || !QueryParameters.TryParseOptionalInt(query.MinVotes, "minVotes", 0, ChartEndpoints.MaxMinVotes, out var minVotes, out problem))
            return new BadRequestProblem(problem);

        if (string.IsNullOrWhiteSpace(query.User))
        {
            var (basis, chart) = service.TopChart(filter, count, minVotes);
            var popular = chart.Select(c => new RecommendedMovie(c.MovieId, c.Title, c.Year, c.Genres, null, c.WeightedRating, c.RatingCount, c.RatingMean)).ToArray();
            return TypedResults.Ok(new RecommendationResponse("popular", null, filter.Names, filter.MatchName, basis, popular));
        }

        if (!ModelLookups.TryUser(service, query.User, "user", out var user, out problem,
                "Omit 'user' for popular picks (GET /recommend without user, or GET /top)."))
            return problem.Status == StatusCodes.Status404NotFound ? new NotFoundProblem(problem) : new BadRequestProblem(problem);

        var items = service.Recommend(user, filter, count).Select(r =>
        {
            var m = service.Bundle.Movies[r.Movie];
            return new RecommendedMovie(m.Id, m.Title, m.Year, m.Genres, r.Predicted, null, null, null);
        }).ToArray();
        return TypedResults.Ok(new RecommendationResponse("personalized", service.Bundle.UserIds.IdAt(user), filter.Names, filter.MatchName, null, items));
    }
}
