using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Feedback;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// Keeps this replica's served model in step with the catalogue in the feedback database. Every request that reads the
/// catalogue (endpoints carrying <see cref="Marker"/>) first reads the catalogue's version — one point read — and when it
/// moved (a movie added, changed or retired through any replica, or an added movie rated), this replica reads the
/// catalogue, builds the next <see cref="RecommendationService"/> (<see cref="Build"/>) and publishes it with
/// <see cref="ServedModel.Replace"/> before the request resolves its model. While the database is unavailable the last
/// known catalogue keeps being served.
/// </summary>
public sealed class CatalogueRefresh(ServedModel served, IMovieCatalogueStore store, ILogger<CatalogueRefresh> log)
{
    /// <summary>Endpoint metadata: the endpoint reads the catalogue, so its request first brings the served model up to date.</summary>
    public static readonly object Marker = new ReadsCatalogue();

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AddedMovieRows _rows = new();
    private CatalogueSnapshot _last = CatalogueSnapshot.Empty;

    /// <summary>The last catalogue read from the database (empty before the first change).</summary>
    public CatalogueSnapshot Last => Volatile.Read(ref _last);

    public async Task EnsureCurrentAsync(CancellationToken ct)
    {
        long version;
        try { version = await store.CatalogueVersionAsync(ct); }
        catch (FeedbackUnavailableException) { return; } // serve the last known catalogue; the outage is logged once by FeedbackOutageLog
        if (served.Current.Catalogue.Version == version) return;
        await _gate.WaitAsync(ct);
        try
        {
            if (served.Current.Catalogue.Version == version) return; // another request rebuilt it meanwhile
            CatalogueSnapshot snapshot;
            try { snapshot = await store.CatalogueAsync(ct); }
            catch (FeedbackUnavailableException) { return; }
            Volatile.Write(ref _last, snapshot);
            var current = served.Current;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            served.Replace(Build(current.Bundle, current.ModelPath));
            log.LogInformation("Catalogue version {Version}: serving {Added} added movie(s) ({Retired} retired), built in {Ms:F0} ms",
                snapshot.Version, snapshot.Movies.Count, snapshot.Movies.Count(m => m.Retired), System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        finally { _gate.Release(); }
    }

    /// <summary>
    /// Serves another model (a new version, or a rollback) with the last known catalogue's added movies, under the same lock as
    /// the catalogue's rebuilds: a rebuild that read the old model can never replace the new one.
    /// </summary>
    public RecommendationService Publish(ModelBundle bundle, string modelPath)
    {
        _gate.Wait();
        try
        {
            var next = Build(bundle, modelPath);
            served.Replace(next);
            return next;
        }
        finally { _gate.Release(); }
    }

    /// <summary>
    /// The one place a served model is built: <paramref name="bundle"/> plus the last known catalogue's added movies, their
    /// rows from content and ratings (<see cref="AddedMovieRows"/>). A new model version is published through here too.
    /// </summary>
    public RecommendationService Build(ModelBundle bundle, string modelPath)
    {
        var snapshot = Last;
        lock (_rows)
        {
            var (rows, ratings) = _rows.For(bundle, snapshot);
            // The same retrieval settings as the model it replaces (Model:ExactScoringLimit, Model:CandidatePool; the index is per bundle).
            return new RecommendationService(bundle, modelPath, new ServedCatalogue(bundle, snapshot, rows, ratings), served.Current.RetrievalSettings);
        }
    }

    private sealed class ReadsCatalogue;
}
