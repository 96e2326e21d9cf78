using System.Buffers;
using System.Numerics;
using HybridRecommender.Api.Contracts;
using HybridRecommender.Core.Bundle;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// The loaded model and everything derived from it once at load (weighted-rating chart, unit movie
/// vectors for similarity and explanations, per-genre movie counts). A singleton: the bundle is immutable and each request keeps its
/// own buffers, so concurrent requests need no locks.
/// </summary>
public sealed partial class RecommendationService
{
    // retrieval: when to switch to two-stage ranking (null = the defaults); logger: says how the retrieval index was obtained.
    public RecommendationService(ModelBundle bundle, string modelPath, Core.Retrieval.RetrievalSettings? retrieval = null, ILogger? logger = null)
    {
        Bundle = bundle;
        ModelPath = modelPath;
        Chart = new WeightedRatingChart(bundle.Movies, bundle.MovieGenreMask, bundle.Card.GlobalMean);
        Similarity = new MovieSimilarity(bundle);
        Explainer = new RecommendationExplainer(bundle, Similarity);
        // The item–item term is fitted from the bundle (a few seconds for ML-1M): in the background, so start-up and /health
        // do not wait for it; a /recommend that arrives before it is ready waits for that one fit (Lazy, built once).
        // The fit's temporaries (the Gram matrix, its factor and inverse in double: ≈ 0.3 GB for ML-1M) are garbage once B is
        // built; one aggressive collection hands that memory back to the OS instead of keeping it in the process for good.
        _ = Task.Run(() =>
        {
            _ = bundle.Ranking;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        });
        Variety = new Core.Model.VarietyReranker(bundle.Scorer, bundle.Movies.Select(m => m.RatingCount).ToArray());
        GenreMovieCounts = Enumerable.Range(0, bundle.Genres.Count)
            .Select(g => bundle.MovieGenreMask.Count(mask => (mask & (1UL << g)) != 0)).ToArray();
        RetrievalSettings = (retrieval ?? new Core.Retrieval.RetrievalSettings()).Validated();
        StartRetrieval(logger);
    }

    public ModelBundle Bundle { get; }
    public string ModelPath { get; }
    public WeightedRatingChart Chart { get; }
    public MovieSimilarity Similarity { get; }
    public RecommendationExplainer Explainer { get; }
    /// <summary>The served ranking score (relevance head + β·r̂ + w·item–item of the rated movies).</summary>
    public Core.Model.ServedRanking Ranking => Bundle.Ranking;
    /// <summary>Re-ranks a personalised list for diversity / novelty on request.</summary>
    public Core.Model.VarietyReranker Variety { get; }
    /// <summary>Catalogue movies per genre, in vocabulary order.</summary>
    public IReadOnlyList<int> GenreMovieCounts { get; }

    /// <summary>
    /// The user's best <paramref name="count"/> unrated movies passing the filter, best first. Ranked by the
    /// served score (<see cref="Core.Model.ServedRanking"/>: the relevance head, plus the card's validation-tuned shares of r̂
    /// and of the item–item score of the user's rated movies; a bundle without a relevance head ranks by the unclamped r̂ — clamping
    /// would tie everything above 5 stars). Each item reports the rating head's clamped r̂ — the very number /predict gives.
    /// </summary>
    public (int Movie, float Predicted)[] Recommend(int userIndex, GenreFilter filter, int count, Variety variety = default) =>
        Recommend(Bundle.Scorer.TrainedProfile(userIndex), Bundle.RatedByUser[userIndex], filter, count, variety);

    /// <summary>
    /// As <see cref="Recommend(int, GenreFilter, int, Serving.Variety)"/> for any profile (trained or folded in), excluding the sorted movie
    /// indices <paramref name="rated"/>. With <paramref name="variety"/>, the list is re-ranked from the best
    /// <see cref="Core.Model.VarietyReranker.PoolSize"/> candidates (<see cref="Core.Model.VarietyReranker"/>).
    /// </summary>
    // foldedIn: the user has no trained row, the profile was folded in from their ratings alone (the fold-in weights apply).
    public (int Movie, float Predicted)[] Recommend(Core.Model.UserProfile profile, int[] rated, GenreFilter filter, int count, Variety variety = default,
        bool foldedIn = false)
    {
        var scorer = Bundle.Scorer;
        var top = new TopK(variety.IsNone ? count : Core.Model.VarietyReranker.PoolSize(count));
        // Past Model:ExactScoringLimit movies the candidates come from the retrieval index (RecommendationService.Retrieval.cs).
        if (!TryTwoStage(profile, rated, filter, top, variety, foldedIn)) AddEveryMovie(profile, rated, filter, top, variety, foldedIn);
        if (!variety.IsNone)
        {
            var pool = top.ToSortedArray();
            var picks = Variety.Select(pool.Select(t => t.Index).ToArray(), pool.Select(t => (float)t.Score).ToArray(), count, variety.Diversity, variety.Novelty);
            return picks.Select(m => (m, scorer.Predict(profile, m))).ToArray();
        }
        if (!scorer.HasRelevanceHead)
            // float → double → float is exact, and clamping here is the scorer's own last step.
            return top.ToSortedArray().Select(t => (t.Index, Math.Clamp((float)t.Score, scorer.MinRating, scorer.MaxRating))).ToArray();
        return top.ToSortedArray().Select(t => (t.Index, scorer.Predict(profile, t.Index))).ToArray();
    }

    // Exact scoring: every movie's served score, then the unrated ones that pass the filter into top.
    private void AddEveryMovie(Core.Model.UserProfile profile, int[] rated, GenreFilter filter, TopK top, Variety variety, bool foldedIn)
    {
        var movies = Bundle.Movies.Count;
        var rented = ArrayPool<float>.Shared.Rent(movies);
        try
        {
            var scores = rented.AsSpan(0, movies);
            Ranking.ScoreAll(profile, rated, scores, foldedIn);
            var next = 0; // rated is sorted, so one forward walk skips them
            var masks = Bundle.MovieGenreMask;
            for (var m = 0; m < movies; m++)
            {
                if (next < rated.Length && rated[next] == m) { next++; continue; }
                if (!filter.Accepts(masks[m])) continue;
                // Re-ranking scales the pool's scores, so it takes finite ones only (the item–item term gives −∞ to movies nobody rated in train).
                if (!variety.IsNone && !float.IsFinite(scores[m])) continue;
                top.Add(m, scores[m], Bundle.Movies[m].Id);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Genres of the user's rated movies by count, most first, ties in vocabulary order.</summary>
    public IReadOnlyList<GenreCount> FavouriteGenres(int[] rated)
    {
        var counts = new int[Bundle.Genres.Count];
        foreach (var m in rated)
        {
            var mask = Bundle.MovieGenreMask[m];
            while (mask != 0)
            {
                counts[BitOperations.TrailingZeroCount(mask)]++;
                mask &= mask - 1;
            }
        }
        return Enumerable.Range(0, counts.Length)
            .Where(g => counts[g] > 0)
            .OrderByDescending(g => counts[g]).ThenBy(g => g)
            .Select(g => new GenreCount(Bundle.Genres[g], counts[g], Math.Round((double)counts[g] / rated.Length, 4)))
            .ToArray();
    }

    /// <summary>The weighted-rating chart, with the constants used.</summary>
    public (ChartBasis Basis, IReadOnlyList<ChartEntry> Items) TopChart(GenreFilter filter, int count, int? minVotes)
    {
        var (items, eligible) = Chart.Top(filter, count, minVotes);
        var basis = new ChartBasis(minVotes ?? Math.Round(Chart.DefaultMinVotes, 4), minVotes is null, Math.Round(Chart.C, 6), eligible);
        return (basis, items.Select(t =>
        {
            var m = Bundle.Movies[t.Movie];
            return new ChartEntry(m.Id, m.DisplayTitle, m.Year, m.Genres, Math.Round(t.Weighted, 6), m.RatingCount, MeanOrNull(m));
        }).ToArray());
    }

    public MovieResponse Describe(int movieIndex)
    {
        var m = Bundle.Movies[movieIndex];
        return new MovieResponse(m.Id, m.DisplayTitle, m.Year, m.Genres, m.RatingCount, MeanOrNull(m));
    }

    // The bundle stores 0 for a movie with no training rating; a client should not read that as "rated 0".
    private static double? MeanOrNull(Core.Bundle.CatalogueEntry m) => m.RatingCount == 0 ? null : m.RatingMean;
}
