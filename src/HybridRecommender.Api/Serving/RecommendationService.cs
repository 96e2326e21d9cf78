using System.Buffers;
using System.Numerics;
using HybridRecommender.Api.Contracts;
using HybridRecommender.Core.Bundle;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// The loaded model and everything derived from it once at load (weighted-rating chart, unit movie
/// vectors for similarity and explanations, per-genre movie counts, the fold-in solver). Immutable: <see cref="ServedModel"/> holds the
/// current one, and each request keeps its own buffers, so concurrent requests need no locks.
/// </summary>
public sealed partial class RecommendationService
{
    // retrieval: when to switch to two-stage ranking (null = the defaults); logger: says how the retrieval index was obtained.
    public RecommendationService(ModelBundle bundle, string modelPath, Core.Retrieval.RetrievalSettings? retrieval = null, ILogger? logger = null)
        : this(bundle, modelPath, ServedCatalogue.Trained(bundle), retrieval, logger) { }

    /// <summary>The model with the catalogue <paramref name="catalogue"/> (the bundle's movies, then those added after training).</summary>
    public RecommendationService(ModelBundle bundle, string modelPath, ServedCatalogue catalogue, Core.Retrieval.RetrievalSettings? retrieval = null,
        ILogger? logger = null)
    {
        Bundle = bundle;
        ModelPath = modelPath;
        Catalogue = catalogue;
        Chart = new WeightedRatingChart(bundle.Movies, bundle.MovieGenreMask, bundle.Card.GlobalMean, catalogue.HasRetired ? catalogue.IsRetired : null);
        // One table of unit movie vectors for similar movies and variety re-ranking (384 MB at a million movies).
        var unit = new Core.Model.UnitMovieVectors(catalogue.Scorer);
        Similarity = new MovieSimilarity(catalogue, unit);
        Explainer = new RecommendationExplainer(bundle.Genres, catalogue, Similarity);
        // The item–item term is fitted from the bundle (a few seconds for ML-1M): in the background, so start-up and /health
        // do not wait for it; a /recommend that arrives before it is ready waits for that one fit (Lazy, built once).
        // The fit's temporaries (the Gram matrix, its factor and inverse in double: ≈ 0.3 GB for ML-1M) are garbage once B is
        // built; one aggressive collection hands that memory back to the OS instead of keeping it in the process for good.
        // Once per bundle: a service rebuilt for a changed catalogue shares the bundle's fit.
        ItemItemFits.GetValue(bundle, b => Task.Run(() =>
        {
            _ = b.Ranking;
            _ = b.FoldInPrior; // after B, so the two fits' temporaries are never held at once
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }));
        _ranking = catalogue.AddedCount == 0
            ? new Lazy<Core.Model.ServedRanking>(() => bundle.Ranking)
            : new Lazy<Core.Model.ServedRanking>(() => bundle.Ranking.WithScorer(catalogue.Scorer));
        FoldIn = new Core.Model.UserFoldIn(catalogue.Scorer);
        var counts = catalogue.Movies.Select(m => m.RatingCount).ToArray();
        Variety = new Core.Model.VarietyReranker(unit, counts);
        MoviesByGenre = new Core.Retrieval.MoviesByGenre(catalogue.GenreMasks, bundle.Genres.Count, catalogue.HasRetired ? catalogue.IsRetired : null);
        GenreMovieCounts = Enumerable.Range(0, bundle.Genres.Count).Select(MoviesByGenre.Count).ToArray();
        RetrievalSettings = (retrieval ?? new Core.Retrieval.RetrievalSettings()).Validated();
        _retrieval = StartRetrieval(logger);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ModelBundle, Task> ItemItemFits = new();
    private readonly Lazy<Core.Model.ServedRanking> _ranking;

    public ModelBundle Bundle { get; }
    public string ModelPath { get; }
    /// <summary>The movies served: the bundle's, then those added after training, with the scorer over both.</summary>
    public ServedCatalogue Catalogue { get; }
    /// <summary>Every served movie (trained, then added), in row order.</summary>
    public IReadOnlyList<CatalogueEntry> Movies => Catalogue.Movies;
    public Core.Data.IdIndex MovieIds => Catalogue.MovieIds;
    public ulong[] MovieGenreMask => Catalogue.GenreMasks;
    /// <summary>The one scoring path over every served movie (<see cref="Core.Model.RatingScorer"/>).</summary>
    public Core.Model.RatingScorer Scorer => Catalogue.Scorer;
    public WeightedRatingChart Chart { get; }
    public MovieSimilarity Similarity { get; }
    public RecommendationExplainer Explainer { get; }
    /// <summary>The served ranking score (relevance head + β·r̂ + w·item–item of the rated movies).</summary>
    public Core.Model.ServedRanking Ranking => _ranking.Value;
    /// <summary>Fits a user's profile from their ratings against this model (<see cref="Core.Model.UserFoldIn"/>).</summary>
    public Core.Model.UserFoldIn FoldIn { get; }
    /// <summary>Re-ranks a personalised list for diversity / novelty on request.</summary>
    public Core.Model.VarietyReranker Variety { get; }
    /// <summary>Catalogue movies per genre, in vocabulary order.</summary>
    public IReadOnlyList<int> GenreMovieCounts { get; }
    /// <summary>Each genre's served movies (retired ones left out), for genre filters that must not scan the catalogue.</summary>
    public Core.Retrieval.MoviesByGenre MoviesByGenre { get; }

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
        var scorer = Catalogue.Scorer;
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

    // Exact scoring: every movie's served score, then the unrated, unretired ones that pass the filter into top.
    private void AddEveryMovie(Core.Model.UserProfile profile, int[] rated, GenreFilter filter, TopK top, Variety variety, bool foldedIn)
    {
        var movies = Catalogue.Movies.Count;
        var rented = ArrayPool<float>.Shared.Rent(movies);
        try
        {
            var scores = rented.AsSpan(0, movies);
            Ranking.ScoreAll(profile, rated, scores, foldedIn);
            var next = 0; // rated is sorted, so one forward walk skips them
            var masks = Catalogue.GenreMasks;
            var catalogue = Catalogue;
            for (var m = 0; m < movies; m++)
            {
                if (next < rated.Length && rated[next] == m) { next++; continue; }
                if (!filter.Accepts(masks[m]) || catalogue.IsRetired(m)) continue;
                // Re-ranking scales the pool's scores, so it takes finite ones only (the item–item term gives −∞ to movies nobody rated in train).
                if (!variety.IsNone && !float.IsFinite(scores[m])) continue;
                top.Add(m, scores[m], catalogue.Movies[m].Id);
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
            var mask = Catalogue.GenreMasks[m];
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
        var m = Catalogue.Movies[movieIndex];
        if (!Catalogue.IsAdded(movieIndex)) return new MovieResponse(m.Id, m.DisplayTitle, m.Year, m.Genres, m.RatingCount, MeanOrNull(m));
        var added = Catalogue.Added(movieIndex);
        return new MovieResponse(m.Id, m.DisplayTitle, m.Year, m.Genres, m.RatingCount, null,
            new AddedMovieStatus(DateTimeOffset.FromUnixTimeMilliseconds(added.CreatedAtMs), added.Retired, Catalogue.FoldedInRatings(movieIndex)));
    }

    // The bundle stores 0 for a movie with no training rating; a client should not read that as "rated 0".
    private static double? MeanOrNull(Core.Bundle.CatalogueEntry m) => m.RatingCount == 0 ? null : m.RatingMean;
}
