using System.Globalization;
using HybridRecommender.Api.Feedback;
using HybridRecommender.Core.Feedback;
using HybridRecommender.Core.Versions;
using Microsoft.Extensions.Options;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// Zero-downtime rollout on this replica: every <see cref="ModelOptions.VersionPollSeconds"/> asks the database which version is
/// current; a new one is fetched, its hash checked, unpacked, loaded through <see cref="ModelLoader"/>, checked (rating scale, finite
/// scores, the ranking built) and only then swapped in with <see cref="CatalogueRefresh.Publish"/> (with this replica's added movies) — requests in flight finish on the
/// model they started with. A version that fails any step is refused: the replica keeps the model it serves, logs why once and
/// reports it in /health and /metrics until another version is made current.
/// </summary>
public sealed class ModelVersionWatcher(IModelVersionStore store, CatalogueRefresh catalogue, ModelLoader loader, ModelRollout rollout, ModelFolder folder,
    RatingScale scale, RecommenderMetrics metrics, IOptions<ModelOptions> options, IHostEnvironment environment, ILogger<ModelVersionWatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _polling = new(1, 1);

    public string CacheFolder { get; } = options.Value.VersionCache is { Length: > 0 } cache
        ? RepositoryPath.Resolve(cache, environment.ContentRootPath)
        : Path.Combine(Path.GetTempPath(), "hybridrecommender-versions");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.VersionPollSeconds;
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await PollOnceAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { /* shutting down */ }
    }

    /// <summary>One look at the database; swaps in the current version when it is new and passes the checks. Never throws for a bad version.</summary>
    public async Task PollOnceAsync(CancellationToken ct)
    {
        await _polling.WaitAsync(ct);
        try
        {
            CurrentVersion? current;
            try
            {
                current = await store.CurrentAsync(ct);
                rollout.SawRetrain(await store.LastRetrainAsync(ct));
            }
            catch (FeedbackUnavailableException e)
            {
                // The feedback outage log reports the database; keep serving what is loaded.
                logger.LogDebug("Model version poll: the database is unavailable ({Reason}); serving what is loaded", e.Reason);
                return;
            }
            var state = rollout.Current;
            if (current?.Version == state.Version) return;
            if (current is { Version: { } v, Sha256: { } sha })
            {
                if (state.Refused is { } refused && refused.Version == v && refused.Sha256 == sha) return; // refused once, said once
                await SwapToVersionAsync(v, sha, ct);
            }
            else await SwapToFolderAsync(ct);
        }
        finally
        {
            _polling.Release();
        }
    }

    private async Task SwapToVersionAsync(int version, string sha256, CancellationToken ct)
    {
        ModelVersion? meta;
        RecommendationService next;
        try
        {
            meta = await store.FindAsync(version, ct);
            var archive = await store.BundleAsync(version, ct);
            var actual = ModelBundleArchive.Sha256(archive);
            if (actual != sha256) throw new InvalidDataException($"its bundle's SHA-256 is {actual[..12]}…, the database records {sha256[..12]}….");
            var target = Path.Combine(CacheFolder, string.Create(CultureInfo.InvariantCulture, $"v{version}-{sha256[..16]}"));
            next = await Task.Run(() =>
            {
                ModelBundleArchive.Unpack(archive, target);
                var service = loader.Load(target);
                Check(service);
                return service;
            }, ct);
        }
        catch (FeedbackUnavailableException e)
        {
            logger.LogWarning("Model v{Version} is current but could not be fetched ({Reason}); retrying at the next poll", version, e.Reason);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var reason = $"{e.GetType().Name}: {e.Message}";
            rollout.Refuse(new ModelRollout.RefusedVersion(version, sha256, reason, DateTimeOffset.UtcNow));
            metrics.Refused();
            logger.LogError("Refused model v{Version}: {Reason}. Still serving {Served}.", version, reason, Describe(rollout.Current.Version));
            return;
        }
        var previous = rollout.Current.Version;
        rollout.Served(next, version, sha256, meta?.Info);
        catalogue.Publish(next.Bundle, next.ModelPath);
        logger.LogInformation("Serving model v{Version} (was {Previous}): {Users} users, {Movies} movies, trained {TrainedAt:u}",
            version, Describe(previous), next.Bundle.UserIds.Count, next.Bundle.Movies.Count, next.Bundle.Card.TrainedAt);
    }

    // No stored version is current (none yet, or rolled back past the first): the configured folder, the committed model/.
    private async Task SwapToFolderAsync(CancellationToken ct)
    {
        RecommendationService next;
        try
        {
            next = await Task.Run(() =>
            {
                var service = loader.Load(folder.Path);
                Check(service);
                return service;
            }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("No stored version is current, but {Folder} could not be loaded ({Reason}); still serving {Served}",
                folder.Path, $"{e.GetType().Name}: {e.Message}", Describe(rollout.Current.Version));
            return;
        }
        var previous = rollout.Current.Version;
        rollout.Served(next, null, null, null);
        catalogue.Publish(next.Bundle, next.ModelPath);
        logger.LogInformation("Serving {Folder} (was {Previous}): no stored version is current", folder.Path, Describe(previous));
    }

    private static string Describe(int? version) => version is { } v ? "v" + v.ToString(CultureInfo.InvariantCulture) : "Model:Path";

    /// <summary>What a model must pass before it is served here, beyond the bundle's own validation.</summary>
    private void Check(RecommendationService service)
    {
        var bundle = service.Bundle;
        var card = bundle.Card;
        // Validation of ratings (and stored ratings) follows the scale the replica started with.
        if (card.MinRating != scale.Min || card.MaxRating != scale.Max)
            throw new InvalidDataException($"its rating scale is {card.MinRating}–{card.MaxRating}; this replica accepts {scale.Min}–{scale.Max}.");
        if (bundle.UserIds.Count == 0 || bundle.Movies.Count == 0) throw new InvalidDataException("it has no users or no movies.");
        // Built now, not on the first request after the swap: a failure refuses the version, and no request waits for the fit.
        var ranking = service.Ranking;
        var scores = new float[bundle.Movies.Count];
        foreach (var user in new[] { 0, bundle.UserIds.Count - 1 })
        {
            bundle.Scorer.ScoreAll(user, scores);
            if (scores.Any(s => !float.IsFinite(s))) throw new InvalidDataException($"its predicted ratings for user index {user} are not all finite.");
            ranking.ScoreAll(user, bundle.RatedByUser[user], scores);
            if (scores.Any(float.IsNaN)) throw new InvalidDataException($"its ranking scores for user index {user} hold NaN.");
        }
    }
}
