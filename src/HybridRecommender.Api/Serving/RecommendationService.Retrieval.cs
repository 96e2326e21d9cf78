using System.Diagnostics;
using HybridRecommender.Core.Retrieval;

namespace HybridRecommender.Api.Serving;

// Two-stage ranking for catalogues above Model:ExactScoringLimit (docs/MODEL.md, "Serving a large catalogue"): the retrieval
// index is read from the bundle's retrieval.usearch when it matches the weights, else built in the background; until it is
// ready every request is scored exactly (correct, only slower). The index covers the bundle's trained movies and is kept per
// bundle, so a service rebuilt for a changed catalogue reuses it; movies added after training are always candidates.
public sealed partial class RecommendationService
{
    /// <summary>The retrieval index's file in a model bundle (optional; written by bench/SyntheticCatalogue or built at start).</summary>
    public const string RetrievalIndexFile = "retrieval.usearch";

    // One per bundle, shared by every service built around it (catalogue changes rebuild the service, not the index).
    private sealed class BundleRetrieval
    {
        public volatile RetrievalIndex? Index;
        public string Status = "";
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Core.Bundle.ModelBundle, Dictionary<string, BundleRetrieval>> RetrievalByBundle = new();
    private readonly BundleRetrieval _retrieval;

    /// <summary>When ranking switches to two stages and how many candidates it scores (Model:ExactScoringLimit, Model:CandidatePool).</summary>
    public RetrievalSettings RetrievalSettings { get; }

    /// <summary>The retrieval index in use, or null while every request is scored exactly.</summary>
    public RetrievalIndex? RetrievalIndex => _retrieval.Index;

    /// <summary>How this model is ranked, in words (logged at start).</summary>
    public string RetrievalStatus => _retrieval.Status;

    private BundleRetrieval StartRetrieval(ILogger? logger)
    {
        var movies = Bundle.Movies.Count;
        if (movies <= RetrievalSettings.ExactScoringLimit || !Bundle.Scorer.HasRelevanceHead)
            return new BundleRetrieval
            {
                Status = Bundle.Scorer.HasRelevanceHead
                    ? $"exact scoring: {movies:N0} movies ≤ Model:ExactScoringLimit {RetrievalSettings.ExactScoringLimit:N0}"
                    : $"exact scoring: the model has no relevance head to retrieve by ({movies:N0} movies)",
            };
        lock (RetrievalByBundle)
        {
            // One index per bundle and folder it is read from (retrieval.usearch lives in the model folder).
            var byFolder = RetrievalByBundle.GetOrCreateValue(Bundle);
            if (byFolder.TryGetValue(ModelPath, out var existing)) return existing;
            var started = new BundleRetrieval();
            StartTwoStage(started, logger);
            byFolder[ModelPath] = started;
            return started;
        }
    }

    private void StartTwoStage(BundleRetrieval retrieval, ILogger? logger)
    {
        var movies = Bundle.Movies.Count;
        var path = Path.Combine(ModelPath, RetrievalIndexFile);
        string why;
        try
        {
            var watch = Stopwatch.StartNew();
            retrieval.Index = RetrievalIndex.Load(path, Bundle.Scorer, movies);
            retrieval.Status = $"two-stage: {movies:N0} movies > Model:ExactScoringLimit {RetrievalSettings.ExactScoringLimit:N0}, "
                + $"{RetrievalSettings.PoolFor(movies):N0} candidates from {path} (loaded in {watch.Elapsed.TotalSeconds:F1} s)";
            return;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            why = e.Message;
        }
        retrieval.Status = $"two-stage: {movies:N0} movies > Model:ExactScoringLimit {RetrievalSettings.ExactScoringLimit:N0}; {why} "
            + "Building the index in the background; requests are scored exactly until it is ready.";
        _ = Task.Run(() =>
        {
            try
            {
                var watch = Stopwatch.StartNew();
                retrieval.Index = RetrievalIndex.Build(Bundle.Scorer, movies);
                logger?.LogInformation("Retrieval index over {Movies} movies built in {Seconds:F1} s; two-stage ranking is on.", movies, watch.Elapsed.TotalSeconds);
            }
            catch (Exception e)
            {
                logger?.LogError(e, "Building the retrieval index failed; every request stays scored exactly.");
            }
        });
    }

    // Fills top from the two-stage candidates; false when there is no index (yet): the caller scores every movie.
    private bool TryTwoStage(Core.Model.UserProfile profile, int[] rated, GenreFilter filter, TopK top, Variety variety, bool foldedIn)
    {
        if (_retrieval.Index is not { } index) return false;
        var catalogue = Catalogue;
        var (movies, scores) = new TwoStageRanking(Ranking, index, RetrievalSettings).Candidates(profile, rated, CandidateFilter(filter), top.Capacity, foldedIn);
        for (var k = 0; k < movies.Length; k++)
        {
            // As in the exact path: re-ranking takes finite scores only.
            if (!variety.IsNone && !float.IsFinite(scores[k])) continue;
            top.Add(movies[k], scores[k], catalogue.Movies[movies[k]].Id);
        }
        return true;
    }

    // The request's filter for two-stage ranking: its movies come from the per-genre lists (retired movies are in none), so neither
    // sizing nor listing them scans the catalogue. Null when every movie passes.
    private MovieFilter? CandidateFilter(GenreFilter filter)
    {
        var catalogue = Catalogue;
        if (filter.Mask == 0)
            return catalogue.HasRetired ? new MovieFilter(m => !catalogue.IsRetired(m), catalogue.Movies.Count - catalogue.RetiredCount) : null;
        var masks = catalogue.GenreMasks;
        var all = filter.Match == GenreMatch.All;
        return new MovieFilter(m => filter.Accepts(masks[m]) && !catalogue.IsRetired(m), MoviesByGenre.AcceptedCount(filter.Mask, all),
            () => MoviesByGenre.Accepted(filter.Mask, all));
    }
}
