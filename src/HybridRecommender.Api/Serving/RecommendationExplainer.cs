using System.Globalization;
using HybridRecommender.Api.Contracts;
using HybridRecommender.Core.Bundle;

namespace HybridRecommender.Api.Serving;

/// <summary>Why a movie was recommended, in words and as the figures the words come from.</summary>
public sealed record RecommendationExplanation(string Reason, BecauseYouRated? Because, IReadOnlyList<string> MatchedGenres);

/// <summary>
/// Explanations true to the model: a personalised pick names its predicted rating and the user's rated
/// movie nearest to it in the model's own movie space (cosine of <see cref="Core.Model.RatingScorer.MovieVector"/>,
/// the vectors /movies/{id}/similar uses); a popular pick names the chart figures it was ranked by.
/// Both name the requested genres the movie matches. Costs |rated| dot products per item (done for the
/// returned items only). Immutable.
/// </summary>
public sealed class RecommendationExplainer(ModelBundle bundle, MovieSimilarity similarity)
{
    // rated: the movie rows the user rated (the bundle's, plus any given through the API), sorted.
    public RecommendationExplanation Personalised(ReadOnlySpan<int> rated, int movie, float predicted, GenreFilter filter)
    {
        var matched = MatchedGenres(movie, filter);
        var nearest = similarity.NearestAmong(movie, rated);
        BecauseYouRated? because = null;
        var reason = Invariant($"Predicted {predicted:0.0} stars for you");
        if (nearest is { } n)
        {
            var m = bundle.Movies[n.Index];
            because = new BecauseYouRated(m.Id, m.Title, m.Year, Math.Round(n.Score, 4));
            reason += Invariant($"; of the movies you rated, the most similar in the model's movie space is {Named(m)}, cosine {n.Score:0.00}");
        }
        return new RecommendationExplanation(reason + Matches(matched) + ".", because, matched);
    }

    public RecommendationExplanation Popular(int movie, double weightedRating, GenreFilter filter)
    {
        var matched = MatchedGenres(movie, filter);
        var m = bundle.Movies[movie];
        var reason = m.RatingCount == 0
            ? Invariant($"Popular chart: no training ratings yet, so its weighted rating is the overall mean {weightedRating:0.00}")
            : Invariant($"Popular: {m.RatingCount:N0} ratings averaging {m.RatingMean:0.00} stars (weighted rating {weightedRating:0.00})");
        return new RecommendationExplanation(reason + Matches(matched) + ".", null, matched);
    }

    /// <summary>The filter's genres the movie has, in vocabulary order (empty without a filter).</summary>
    public IReadOnlyList<string> MatchedGenres(int movie, GenreFilter filter)
    {
        var both = bundle.MovieGenreMask[movie] & filter.Mask;
        if (both == 0) return [];
        var names = new List<string>();
        for (var g = 0; g < bundle.Genres.Count; g++)
            if ((both & (1UL << g)) != 0) names.Add(bundle.Genres[g]);
        return names;
    }

    private static string Matches(IReadOnlyList<string> matched) => matched.Count == 0 ? "" : "; matches " + string.Join(", ", matched);

    private static string Named(CatalogueEntry m) => m.Year is { } y ? Invariant($"{m.Title} ({y})") : m.Title;

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
