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
                + "network's relevance head (how likely the user is to choose the movie), plus the shares of predicted rating and of an "
                + "item–item score of the user's rated movies (EASE^R), chosen on validation; a model without that head ranks by predicted rating — ties by movie id; each item's `predictedRating` is "
                + "the rating head's, as GET /predict gives it; strategy `personalized`. Without `user`: the IMDb weighted-rating chart of GET /top; "
                + "strategy `popular`. Every item carries `reason` (one sentence) and `matchedGenres` (the requested genres it has); "
                + "personalised items also carry `because`, the user's rated movie most similar to it in the model's movie space (cosine). "
                + "`diversity` and `novelty` (0–1, default 0) re-rank a personalised list for less similar or less-rated movies. "
                + "Users created with POST /users are scored from a profile folded in from their ratings, and "
                + "a trained user's API ratings move their trained profile; the next call after a rating reflects it. A user "
                + "with no ratings yet gets the popular chart, and `note` says so. Unknown user → 404 (omit `user` for popular "
                + "picks); an empty `user=` → 400.");
        return app;
    }

    public static async Task<Results<Ok<RecommendationResponse>, NotFoundProblem, BadRequestProblem>> Recommend(
        [AsParameters] RecommendQuery query, RecommendationService service, ServingUsers users, CancellationToken ct)
    {
        if (!QueryParameters.TryParseInt(query.Count, "count", 1, MaxCount, DefaultCount, out var count, out var problem)
            || !QueryParameters.TryParseGenres(query.Genres, query.Match, service.Bundle.Genres, out var filter, out problem)
            || !QueryParameters.TryParseOptionalInt(query.MinVotes, "minVotes", 0, ChartEndpoints.MaxMinVotes, out var minVotes, out problem)
            || !QueryParameters.TryParseUnitWeight(query.Diversity, "diversity", out var diversity, out problem)
            || !QueryParameters.TryParseUnitWeight(query.Novelty, "novelty", out var novelty, out problem))
            return new BadRequestProblem(problem);

        if (query.User is null) return TypedResults.Ok(Popular(service, null, filter, count, minVotes, null));
        if (string.IsNullOrWhiteSpace(query.User))
            return new BadRequestProblem(Problems.BadRequest("Empty parameter 'user'",
                "'user' is empty. Omit the parameter for popular picks, or give a user id.", "user"));

        var (user, userProblem) = await ModelLookups.ServingUserAsync(service, users, query.User, "user", ct,
            "Omit 'user' for popular picks (GET /recommend without user, or GET /top).");
        if (user is null)
            return userProblem!.Status == StatusCodes.Status404NotFound ? new NotFoundProblem(userProblem) : new BadRequestProblem(userProblem);
        if (user.Profile is null)
            return TypedResults.Ok(Popular(service, user.Id, filter, count, minVotes,
                $"User {user.Id} has no ratings yet, so these are popular picks. Rate movies with PUT /users/{user.Id}/ratings/{{movieId}} for personal ones."));

        var items = service.Recommend(user.Profile, user.Rated, filter, count, new Variety(diversity, novelty), foldedIn: !user.IsModelUser).Select(r =>
        {
            var m = service.Bundle.Movies[r.Movie];
            var why = service.Explainer.Personalised(user.Rated, r.Movie, r.Predicted, filter);
            return new RecommendedMovie(m.Id, m.Title, m.Year, m.Genres, r.Predicted, null, null, null, why.Reason, why.Because, why.MatchedGenres);
        }).ToArray();
        var feedbackNote = user.FeedbackRatings == 0 ? null
            : user.IsModelUser ? $"Trained profile moved by {user.FeedbackRatings} rating(s) given through the API."
            : $"Profile folded in from {user.FeedbackRatings} rating(s) given through the API.";
        // minVotes shapes the popular chart, which a user with ratings does not get: say so rather than drop it silently.
        var minVotesNote = minVotes is null ? null
            : "'minVotes' applies to popular picks only (no user, or a user with no ratings yet); this list is personalised, so it was not used.";
        return TypedResults.Ok(new RecommendationResponse("personalized", user.Id, filter.Names, filter.MatchName, null, items,
            JoinNotes(feedbackNote, minVotesNote)));
    }

    private static RecommendationResponse Popular(RecommendationService service, int? userId, GenreFilter filter, int count, int? minVotes, string? note)
    {
        var (basis, chart) = service.TopChart(filter, count, minVotes);
        var popular = chart.Select(c =>
        {
            service.Bundle.MovieIds.TryGetIndex(c.MovieId, out var movie);
            var why = service.Explainer.Popular(movie, c.WeightedRating, filter);
            return new RecommendedMovie(c.MovieId, c.Title, c.Year, c.Genres, null, c.WeightedRating, c.RatingCount, c.RatingMean,
                why.Reason, null, why.MatchedGenres);
        }).ToArray();
        var emptyNote = popular.Length > 0 ? null : ChartEndpoints.EmptyChartNote(basis.M, filter.Names.Count > 0);
        return new RecommendationResponse("popular", userId, filter.Names, filter.MatchName, basis, popular, JoinNotes(note, emptyNote));
    }

    private static string? JoinNotes(string? first, string? second) =>
        first is null ? second : second is null ? first : first + " " + second;
}
