using System.Diagnostics;
using HybridRecommender.Core.Retrieval;

namespace HybridRecommender.Api.Serving;

// Two-stage ranking for catalogues above Model:ExactScoringLimit (docs/MODEL.md, "Serving a large catalogue"): the retrieval
// index is read from the bundle's retrieval.usearch when it matches the weights, else built in the background; until it is
// ready every request is scored exactly (correct, only slower).
public sealed partial class RecommendationService
{
    /// <summary>The retrieval index's file in a model bundle (optional; written by bench/SyntheticCatalogue or built at start).</summary>
    public const string RetrievalIndexFile = "retrieval.usearch";

    private volatile RetrievalIndex? _retrievalIndex;

    /// <summary>When ranking switches to two stages and how many candidates it scores (Model:ExactScoringLimit, Model:CandidatePool).</summary>
    public RetrievalSettings RetrievalSettings { get; }

    /// <summary>The retrieval index in use, or null while every request is scored exactly.</summary>
    public RetrievalIndex? RetrievalIndex => _retrievalIndex;

    /// <summary>How this model is ranked, in words (logged at start).</summary>
    public string RetrievalStatus { get; private set; } = "";

    private void StartRetrieval(ILogger? logger)
    {
        var movies = Bundle.Movies.Count;
        if (movies <= RetrievalSettings.ExactScoringLimit || !Bundle.Scorer.HasRelevanceHead)
        {
            RetrievalStatus = Bundle.Scorer.HasRelevanceHead
                ? $"exact scoring: {movies:N0} movies ≤ Model:ExactScoringLimit {RetrievalSettings.ExactScoringLimit:N0}"
                : $"exact scoring: the model has no relevance head to retrieve by ({movies:N0} movies)";
            return;
        }
        var path = Path.Combine(ModelPath, RetrievalIndexFile);
        string why;
        try
        {
            var watch = Stopwatch.StartNew();
            _retrievalIndex = RetrievalIndex.Load(path, Bundle.Scorer, movies);
            RetrievalStatus = $"two-stage: {movies:N0} movies > Model:ExactScoringLimit {RetrievalSettings.ExactScoringLimit:N0}, "
                + $"{RetrievalSettings.CandidatePool:N0} candidates from {path} (loaded in {watch.Elapsed.TotalSeconds:F1} s)";
            return;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            why = e.Message;
        }
        RetrievalStatus = $"two-stage: {movies:N0} movies > Model:ExactScoringLimit {RetrievalSettings.ExactScoringLimit:N0}; {why} "
            + "Building the index in the background; requests are scored exactly until it is ready.";
        _ = Task.Run(() =>
        {
            try
            {
                var watch = Stopwatch.StartNew();
                _retrievalIndex = RetrievalIndex.Build(Bundle.Scorer, movies);
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
        if (_retrievalIndex is not { } index) return false;
        var masks = Bundle.MovieGenreMask;
        Func<int, bool>? accepts = filter.Mask == 0 ? null : m => filter.Accepts(masks[m]);
        var (movies, scores) = new TwoStageRanking(Ranking, index, RetrievalSettings)
            .Candidates(profile, rated, accepts, AcceptedBound(filter), top.Capacity, foldedIn);
        for (var k = 0; k < movies.Length; k++)
        {
            // As in the exact path: re-ranking takes finite scores only.
            if (!variety.IsNone && !float.IsFinite(scores[k])) continue;
            top.Add(movies[k], scores[k], Bundle.Movies[movies[k]].Id);
        }
        return true;
    }

    // At most how many movies the filter accepts, from the per-genre counts: their sum for "any", their minimum for "all".
    private int AcceptedBound(GenreFilter filter)
    {
        if (filter.Mask == 0) return Bundle.Movies.Count;
        var counts = Enumerable.Range(0, GenreMovieCounts.Count).Where(g => (filter.Mask & (1UL << g)) != 0).Select(g => (long)GenreMovieCounts[g]);
        var bound = filter.Match == GenreMatch.All ? counts.DefaultIfEmpty(0).Min() : counts.Sum();
        return (int)Math.Min(bound, Bundle.Movies.Count);
    }
}
