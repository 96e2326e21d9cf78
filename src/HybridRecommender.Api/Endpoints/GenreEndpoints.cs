using HybridRecommender.Api.Contracts;
using HybridRecommender.Api.Serving;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HybridRecommender.Api.Endpoints;

public static class GenreEndpoints
{
    public static IEndpointRouteBuilder MapGenreEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/genres", GetGenres)
            .WithName("GetGenres")
            .WithTags("Movies")
            .WithSummary("The genres filters accept")
            .WithDescription("The model's genre vocabulary in multi-hot order, with catalogue movies per genre. Filters accept any case.");
        return app;
    }

    public static Ok<GenreResponse[]> GetGenres(RecommendationService service) =>
        TypedResults.Ok(service.Bundle.Genres.Names.Select((name, g) => new GenreResponse(name, service.GenreMovieCounts[g])).ToArray());
}
