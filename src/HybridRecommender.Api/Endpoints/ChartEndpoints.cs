using System.Globalization;
using HybridRecommender.Api.Contracts;
using HybridRecommender.Api.Http;
using HybridRecommender.Api.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

public static class ChartEndpoints
{
    public const int MaxMinVotes = 1_000_000;

    public static IEndpointRouteBuilder MapChartEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/top", Top)
            .WithName("TopChart")
            .WithTags("Charts")
            .WithSummary("Top-rated movies by IMDb weighted rating")
            .WithDescription("WR = v/(v+m)·R + m/(v+m)·C over the training split: v = the movie's rating count, R = its mean, "
                + "C = mean of all training ratings, m = `minVotes` or, by default, the 90th percentile of vote counts over "
                + "rated movies. As on IMDb, only movies with at least m ratings are listed. The response states m and C, and when no movie "
                + "qualifies a `note` saying why.");
        return app;
    }

    public static Results<Ok<TopChartResponse>, BadRequestProblem> Top([AsParameters] TopQuery query, RecommendationService service)
    {
        if (!QueryParameters.TryParseInt(query.Count, "count", 1, RecommendationEndpoints.MaxCount, RecommendationEndpoints.DefaultCount, out var count, out var problem)
            || !QueryParameters.TryParseOptionalInt(query.MinVotes, "minVotes", 0, MaxMinVotes, out var minVotes, out problem)
            || !QueryParameters.TryParseGenres(query.Genres, query.Match, service.Bundle.Genres, out var filter, out problem))
            return new BadRequestProblem(problem);

        var (basis, items) = service.TopChart(filter, count, minVotes);
        var note = items.Count > 0 ? null : EmptyChartNote(basis.M, filter.Names.Count > 0);
        return TypedResults.Ok(new TopChartResponse(filter.Names, filter.MatchName, basis, items, note));
    }

    // The chart lists rated movies with at least m ratings: at m ≤ 1 only the genres can be what empties it.
    public static string EmptyChartNote(double m, bool genres) => m <= 1
        ? "No movie qualifies: no rated movie matches the genres. Widen the genres."
        : string.Create(CultureInfo.InvariantCulture, $"No movie qualifies: none has at least {m:0.####} ratings{(genres ? " and matches the genres" : "")}. ")
          + $"Lower minVotes{(genres ? " or widen the genres" : "")}.";
}
