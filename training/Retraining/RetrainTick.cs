using System.Diagnostics;
using System.Globalization;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Training;
using HybridRecommender.Core.Versions;

namespace HybridRecommender.Training.Retraining;

/// <summary>How one retraining run trains and judges its candidate.</summary>
/// <param name="Feedback">The feedback database (SQLite file or PostgreSQL connection string): the ratings to learn from and the version store.</param>
/// <param name="Recipe">Training options; the split seed is replaced by the served model's, so both are judged on one validation split.</param>
/// <param name="BaselineFolder">The bundle replicas serve while no stored version is current (the committed model/).</param>
/// <param name="Producer">worker or retrain, recorded with the version.</param>
public sealed record RetrainSettings(string Feedback, TrainingOptions Recipe, string BaselineFolder, string Producer)
{
    public double RmseTolerance { get; init; } = QualityGate.DefaultRmseTolerance;
    public double NdcgTolerance { get; init; } = QualityGate.DefaultNdcgTolerance;
    /// <summary>How long the lease lasts without renewal; renewed every third of it while the run lives.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>What a run did: <see cref="RetrainOutcomes"/> or <c>skipped</c> (another worker holds the lease).</summary>
public sealed record TickResult(string Outcome, int? Version, string Line, LeaseHolder? HeldBy = null)
{
    public const string Skipped = "skipped";
}

/// <summary>
/// One retraining run: take the lease → snapshot the data → train → compare with the served version → publish (one transaction,
/// fenced by the lease; promoted only when the gate passes) → release. The served version changes only in that transaction,
/// so a run killed anywhere leaves it as it was; an expired lease lets the next run start.
/// </summary>
public static class RetrainTick
{
    public static async Task<TickResult> RunAsync(MovieLensDataset movieLens, IReadOnlyDictionary<string, string> fingerprint, RetrainSettings settings,
        IModelVersionStore store, string owner, Action<string> log, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        if (await store.TryAcquireLeaseAsync(owner, settings.Lease, ct) is { } holder)
            return new TickResult(TickResult.Skipped, null, $"tick: skipped, the worker lease is held by {holder.Owner} until {holder.Until:u}", holder);

        using var lost = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewal = RenewAsync(store, owner, settings.Lease, lost, log);
        var scratch = Path.Combine(Path.GetTempPath(), "hr-retrain-" + Guid.NewGuid().ToString("N"));
        try
        {
            var snapshotAt = DateTimeOffset.UtcNow;
            var feedback = await FeedbackTraining.LoadAsync(settings.Feedback, movieLens, lost.Token)
                ?? throw new InvalidOperationException($"the feedback database could not be read (see above)");
            var data = feedback.Data;

            var current = await store.CurrentAsync(lost.Token);
            ModelBundle served;
            string comparedWith;
            if (current?.Version is { } v)
            {
                var folder = Path.Combine(scratch, "served");
                ModelBundleArchive.Unpack(await store.BundleAsync(v, lost.Token), folder);
                served = ModelBundle.Load(folder);
                comparedWith = "v" + v.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                served = ModelBundle.Load(settings.BaselineFolder);
                comparedWith = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(settings.BaselineFolder))) + "/";
            }

            var options = settings.Recipe with { Seed = served.Card.Split.Seed };
            log($"tick: training on {data.Ratings.Count:N0} ratings ({feedback.Summary.Used:N0} from feedback), {options.Epochs} epochs max, split seed {options.Seed}…");
            var outcome = await Task.Run(() => TrainingPipeline.Run(data, options, fingerprint, null, lost.Token), lost.Token);
            var candidate = FeedbackCard.Record(outcome, feedback.Summary, feedback.IsFeedback);
            var gate = QualityGate.Compare(data, outcome.Split, candidate, served, comparedWith, current?.Version,
                settings.RmseTolerance, settings.NdcgTolerance, options.Threads);

            var candidateFolder = Path.Combine(scratch, "candidate");
            candidate.Save(candidateFolder);
            var archive = ModelBundleArchive.Pack(candidateFolder);
            var info = new ModelVersionInfo(settings.Producer, candidate.Card.TrainedAt, snapshotAt,
                new ModelVersionData(movieLens.Ratings.Count, movieLens.Users.Count, movieLens.Movies.Count, feedback.Summary.Used, feedback.Summary.NewUsers,
                    data.Movies.Count - movieLens.Movies.Count),
                gate);
            log($"tick: publishing ({archive.Length / 1e6:F1} MB, {(gate.Passed ? "to be current" : "kept aside")})…");
            var version = await store.PublishAsync(owner, archive, info, gate.Passed, started, lost.Token);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"tick: {(gate.Passed ? $"promoted v{version}" : $"kept {comparedWith}, stored candidate v{version}")}: {gate.Reason}; data: {movieLens.Ratings.Count:N0} MovieLens + {feedback.Summary.Used:N0} feedback ratings ({feedback.Summary.NewUsers:N0} new users), snapshot {snapshotAt:u}; {clock.Elapsed.TotalSeconds:F0} s");
            return new TickResult(gate.Passed ? RetrainOutcomes.Promoted : RetrainOutcomes.Kept, version, line);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var why = lost.IsCancellationRequested ? "the worker lease was lost, training stopped" : $"{e.GetType().Name}: {e.Message}";
            var line = $"tick: failed after {clock.Elapsed.TotalSeconds:F0} s, current version unchanged: {why}";
            try { await store.RecordRetrainAsync(new RetrainRecord(started, DateTimeOffset.UtcNow, RetrainOutcomes.Failed, null, why), CancellationToken.None); }
            catch (Exception recordFailure) { log($"tick: could not record the failure: {recordFailure.Message}"); }
            return new TickResult(RetrainOutcomes.Failed, null, line);
        }
        finally
        {
            await lost.CancelAsync();
            await renewal;
            try { await store.ReleaseLeaseAsync(owner, CancellationToken.None); } catch (Exception e) { log($"tick: could not release the lease (it expires by itself): {e.Message}"); }
            try { Directory.Delete(scratch, recursive: true); } catch (DirectoryNotFoundException) { /* nothing was unpacked */ }
        }
    }

    // Renews every third of the lease; a renewal refused (expired, taken) stops the run: it must not publish.
    private static async Task RenewAsync(IModelVersionStore store, string owner, TimeSpan lease, CancellationTokenSource run, Action<string> log)
    {
        using var timer = new PeriodicTimer(lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(run.Token))
            {
                bool renewed;
                try { renewed = await store.RenewLeaseAsync(owner, lease, run.Token); }
                catch (Exception e) when (e is not OperationCanceledException) { log($"tick: lease renewal failed ({e.Message}); retrying"); continue; }
                if (!renewed)
                {
                    log("tick: the worker lease expired or was taken; stopping this run");
                    await run.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) { /* the run ended */ }
    }
}
