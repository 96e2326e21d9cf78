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
                + "strategy `popular`. Every item carries `reason` (one plain sentence for a person, without figures) and `matchedGenres` "
                + "(the requested genres it has); personalised items also carry `because`, the movie the user liked (rated at least "
                + "min(4, their mean) and at least 3) most similar to it in the model's movie space, with that cosine as `similarity`; "
                + "with no liked movie to cite, the reason names the genres it shares with what they liked. "
                + "`diversity` and `novelty` (0–1, default 0) re-rank a personalised list for less similar or less-rated movies. "
                + "Users created with POST /users are scored from a profile folded in from their ratings, and "
                + "a trained user's API ratings move their trained profile; the next call after a rating reflects it. A user "
                + "with no ratings yet gets the popular chart, and `note` says so. While the ratings database is unavailable, a MovieLens user "
                + "is still served from their trained profile (or the profile this server last computed) and `note` says feedback is unavailable; "
                + "other users get 503 with Retry-After. Unknown user → 404 (omit `user` for popular "
                + "picks); an empty `user=` → 400. A MovieLens user of the model is public; a user created with POST /users is private: "
                + "`Authorization: Bearer <token>` with their own token or the admin key (no token → 401, another user's → 403; repeated "
                + "failed tokens → 429 with Retry-After).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<Results<Ok<RecommendationResponse>, NotFoundProblem, BadRequestProblem, ForbiddenProblem, ChallengeHttpResult>> Recommend(
        [AsParameters] RecommendQuery query, HttpContext http, RecommendationService service, ServingUsers users, CancellationToken ct)
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

        var (user, userProblem) = await ModelLookups.ServingUserAsync(http, service, users, query.User, "user", ct,
            "Omit 'user' for popular picks (GET /recommend without user, or GET /top).", degradeWhenUnavailable: true);
        if (user is null) return ModelLookups.UserProblem<Ok<RecommendationResponse>>(userProblem!);
        if (user.Profile is null)
            return TypedResults.Ok(Popular(service, user.Id, filter, count, minVotes,
                $"User {user.Id} has no ratings yet, so these are popular picks. Rate movies with PUT /users/{user.Id}/ratings/{{movieId}} for personal ones."));

        var taste = service.Explainer.TasteOf(user.Liked);
        var items = service.Recommend(user.Profile, user.Rated, filter, count, new Variety(diversity, novelty), foldedIn: !user.IsModelUser).Select(r =>
        {
            var m = service.Movies[r.Movie];
            var why = service.Explainer.Personalised(user.Liked, taste, r.Movie, filter);
            return new RecommendedMovie(m.Id, m.DisplayTitle, m.Year, m.Genres, r.Predicted, null, null, null, why.Reason, why.Because, why.MatchedGenres);
        }).ToArray();
        var feedbackNote = user.UnavailableNote is { } unavailable ? unavailable
            : user.FeedbackRatings == 0 ? null
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
            var why = service.Explainer.Popular(movie, filter);
            return new RecommendedMovie(c.MovieId, c.Title, c.Year, c.Genres, null, c.WeightedRating, c.RatingCount, c.RatingMean,
                why.Reason, null, why.MatchedGenres);
        }).ToArray();
        var emptyNote = popular.Length > 0 ? null : ChartEndpoints.EmptyChartNote(basis.M, filter.Names.Count > 0);
        return new RecommendationResponse("popular", userId, filter.Names, filter.MatchName, basis, popular, JoinNotes(note, emptyNote));
    }

    private static string? JoinNotes(string? first, string? second) =>
        first is null ? second : second is null ? first : first + " " + second;
}
