using System.Numerics;
using HybridRecommender.Api.Contracts;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;

namespace HybridRecommender.Api.Serving;

/// <summary>Why a movie was recommended: one sentence for a person, and the figures behind it in their own fields.</summary>
public sealed record RecommendationExplanation(string Reason, BecauseYouRated? Because, IReadOnlyList<string> MatchedGenres);

/// <summary>
/// Explanations true to the person's taste. A personalised pick cites only a movie the person liked
/// (<see cref="LikedMovies"/>): the liked movie nearest to it in the model's movie space (cosine of
/// <see cref="Core.Model.RatingScorer.MovieVector"/>, the vectors /movies/{id}/similar uses), "Because you liked The Godfather".
/// With nothing liked to cite it names the genres it shares with what the person liked, and failing that says
/// it was picked from their ratings. A popular pick says it is among the best-loved movies (of the requested genres).
/// The sentences carry no figures and no jargon: the numbers stay in <c>predictedRating</c>, <c>because.similarity</c>
/// and the chart fields. Costs |liked| dot products per item (done for the returned items only). Immutable.
/// </summary>
public sealed class RecommendationExplainer(GenreVocabulary genres, ServedCatalogue catalogue, MovieSimilarity similarity)
{
    public RecommendationExplainer(ModelBundle bundle, MovieSimilarity similarity) : this(bundle.Genres, ServedCatalogue.Trained(bundle), similarity) { }

    /// <summary>How many of a person's most-liked genres count as their taste.</summary>
    public const int TasteGenres = 3;

    /// <summary>The person's taste: a mask of the <see cref="TasteGenres"/> genres most frequent among the movies they liked (ties in vocabulary order).</summary>
    public ulong TasteOf(ReadOnlySpan<int> liked)
    {
        var counts = new int[genres.Count];
        foreach (var m in liked)
            for (var mask = catalogue.GenreMasks[m]; mask != 0; mask &= mask - 1)
                counts[BitOperations.TrailingZeroCount(mask)]++;
        var taste = 0UL;
        foreach (var g in Enumerable.Range(0, counts.Length).Where(g => counts[g] > 0).OrderByDescending(g => counts[g]).ThenBy(g => g).Take(TasteGenres))
            taste |= 1UL << g;
        return taste;
    }

    /// <param name="liked">The movie rows the person liked (the bundle's, plus any rated through the API), sorted.</param>
    /// <param name="taste">The person's <see cref="TasteOf"/>, computed once per list.</param>
    /// <param name="movie">The recommended movie row.</param>
    /// <param name="filter">The requested genres (for <see cref="RecommendationExplanation.MatchedGenres"/>).</param>
    public RecommendationExplanation Personalised(ReadOnlySpan<int> liked, ulong taste, int movie, GenreFilter filter)
    {
        var matched = MatchedGenres(movie, filter);
        if (catalogue.IsAdded(movie)) return New(liked, movie, matched);
        if (similarity.NearestAmong(movie, liked) is { } n)
        {
            var m = catalogue.Movies[n.Index];
            return new RecommendationExplanation($"Because you liked {m.DisplayTitle}.", new BecauseYouRated(m.Id, m.DisplayTitle, m.Year, Math.Round(n.Score, 4)), matched);
        }
        var shared = GenreNames(catalogue.GenreMasks[movie] & taste);
        var reason = shared.Count > 0 ? $"Picked for your taste in {Listed(shared)}." : "Picked for you from your ratings.";
        return new RecommendationExplanation(reason, null, matched);
    }

    public RecommendationExplanation Popular(int movie, GenreFilter filter)
    {
        var matched = MatchedGenres(movie, filter);
        var reason = catalogue.Movies[movie].RatingCount == 0 ? "New here: nobody has rated it yet."
            : matched.Count > 0 ? $"One of the best-loved {Listed(matched)} movies."
            : "One of the best-loved movies of all.";
        return new RecommendationExplanation(reason, null, matched);
    }

    // A movie added after training: "New: a Drama like Heat, which you liked." — the liked movie nearest to it, else the nearest
    // movie of the catalogue (its rows come from movies like it, so that is what it is like).
    private RecommendationExplanation New(ReadOnlySpan<int> liked, int movie, IReadOnlyList<string> matched)
    {
        var names = GenreNames(catalogue.GenreMasks[movie]);
        var kind = names.Count == 0 ? "a film" : (IsVowel(names[0][0]) ? "an " : "a ") + Listed(names);
        if (similarity.NearestAmong(movie, liked) is { } n)
        {
            var m = catalogue.Movies[n.Index];
            return new RecommendationExplanation($"New: {kind} like {m.DisplayTitle}, which you liked.",
                new BecauseYouRated(m.Id, m.DisplayTitle, m.Year, Math.Round(n.Score, 4)), matched);
        }
        var nearest = similarity.Nearest(movie, 1);
        return new RecommendationExplanation(nearest.Length == 0 ? $"New: {kind}." : $"New: {kind} like {catalogue.Movies[nearest[0].Index].DisplayTitle}.", null, matched);
    }

    private static bool IsVowel(char c) => "AEIOUaeiou".Contains(c);

    /// <summary>The filter's genres the movie has, in vocabulary order (empty without a filter).</summary>
    public IReadOnlyList<string> MatchedGenres(int movie, GenreFilter filter) => GenreNames(catalogue.GenreMasks[movie] & filter.Mask);

    private List<string> GenreNames(ulong mask)
    {
        var names = new List<string>();
        for (var g = 0; g < genres.Count; g++)
            if ((mask & (1UL << g)) != 0) names.Add(genres[g]);
        return names;
    }

    // "Drama", "Comedy and Drama", "Action, Comedy and Drama".
    private static string Listed(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
}
