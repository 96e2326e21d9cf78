using System.CommandLine;
using System.Globalization;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Feedback;
using HybridRecommender.Core.Training;
using HybridRecommender.Core.Versions;

namespace HybridRecommender.Training.Retraining;

/// <summary>
/// `retrain` (one run), `worker` (a run every --every) and `models list | promote | rollback`: the continuous-training loop over the
/// versions stored in the feedback database (docs/CONTINUOUS_TRAINING.md).
/// </summary>
public static class RetrainCommands
{
    /// <summary>Exit code of a run that found another worker holding the lease.</summary>
    public const int LeaseHeldExitCode = 3;

    // Bundles are ~10 MB: a version call gets far more time than an API request.
    private static readonly DatabaseCallOptions StoreCalls = new() { Deadline = TimeSpan.FromMinutes(2) };

    private static Option<string> FeedbackOption() => new("--feedback")
    {
        Description = "The API's feedback database: its SQLite file (e.g. data/feedback.db) or a PostgreSQL connection string. Holds the ratings to learn from and the model versions.",
        Required = true,
    };

    public static IEnumerable<Command> Create()
    {
        yield return CreateRun("retrain", "Trains once on MovieLens plus the feedback ratings, compares the candidate with the served version on the same validation split, stores it as a new version and makes it current if it passes the quality gate. Never touches model/.", worker: false);
        yield return CreateRun("worker", "Runs `retrain` every --every until stopped (Ctrl-C), one log line per run. Only one worker runs at a time (a lease in the database).", worker: true);
        yield return CreateModels();
    }

    private static Command CreateRun(string name, string description, bool worker)
    {
        var d = new TrainingOptions();
        var feedback = FeedbackOption();
        var data = new Option<string?>("--data") { Description = "MovieLens folder. Default: $ML1M_DIR, else ./ml-1m." };
        var baseline = new Option<string>("--baseline") { Description = "The bundle replicas serve while no stored version is current; the first candidate is compared with it.", DefaultValueFactory = _ => PlotsLocation.CommittedModelFolder };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs (early stopping on validation RMSE).", DefaultValueFactory = _ => d.Epochs };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => d.LearningRate };
        var dim = new Option<int>("--dim") { Description = "Embedding width.", DefaultValueFactory = _ => d.Dim };
        var relevance = new Option<float>("--relevance-weight") { Description = "Relevance head's loss weight (0: none).", DefaultValueFactory = _ => d.RelevanceWeight };
        var batch = new Option<int>("--batch-size") { Description = "Ratings per mini-batch.", DefaultValueFactory = _ => d.BatchSize };
        var threads = new Option<int>("--threads") { Description = "libtorch and evaluation threads.", DefaultValueFactory = _ => d.Threads };
        var rmseTolerance = new Option<double>("--rmse-tolerance") { Description = "Promote only if the candidate's validation RMSE is at most this much above the served version's.", DefaultValueFactory = _ => QualityGate.DefaultRmseTolerance };
        var ndcgTolerance = new Option<double>("--ndcg-tolerance") { Description = "Promote only if the candidate's validation NDCG@10 is at most this much below the served version's.", DefaultValueFactory = _ => QualityGate.DefaultNdcgTolerance };
        var lease = new Option<int>("--lease-seconds") { Description = "The worker lease's length; renewed every third of it. A killed worker's lease frees after it.", DefaultValueFactory = _ => 60 };
        var every = new Option<string>("--every") { Description = "Time between the starts of two runs: e.g. 1h, 30m, 90s.", DefaultValueFactory = _ => "1h" };

        var command = new Command(name, description) { feedback, data, baseline, epochs, lr, dim, relevance, batch, threads, rmseTolerance, ndcgTolerance, lease };
        if (worker) command.Options.Add(every);
        command.SetAction(async (parse, ct) =>
        {
            RetrainSettings settings;
            TimeSpan period = default;
            try
            {
                var recipe = d with
                {
                    Epochs = parse.GetValue(epochs), LearningRate = parse.GetValue(lr), Dim = parse.GetValue(dim),
                    RelevanceWeight = parse.GetValue(relevance), BatchSize = parse.GetValue(batch), Threads = parse.GetValue(threads),
                };
                recipe.Validate();
                var leaseSeconds = parse.GetValue(lease);
                if (leaseSeconds < 3) throw new ArgumentException($"--lease-seconds must be at least 3; got {leaseSeconds}.");
                if (parse.GetValue(rmseTolerance) < 0 || parse.GetValue(ndcgTolerance) < 0) throw new ArgumentException("--rmse-tolerance and --ndcg-tolerance cannot be negative.");
                if (worker) period = ParsePeriod(parse.GetValue(every)!);
                settings = new RetrainSettings(parse.GetValue(feedback)!, recipe, parse.GetValue(baseline)!, name)
                {
                    RmseTolerance = parse.GetValue(rmseTolerance),
                    NdcgTolerance = parse.GetValue(ndcgTolerance),
                    Lease = TimeSpan.FromSeconds(leaseSeconds),
                };
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            var loaded = await TrainCommand.LoadDataAsync(parse.GetValue(data), ct);
            if (loaded is null) return 1;
            var (movieLens, directory) = loaded.Value;
            var fingerprint = DataFingerprint.Of(directory);
            if (MissingDatabase(settings.Feedback)) return 1;
            await using var store = ModelVersionStore.Open(settings.Feedback, StoreCalls);
            var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
            try { await store.InitialiseAsync(ct); }
            catch (Exception e) when (e is FeedbackUnavailableException or InvalidOperationException)
            {
                Console.Error.WriteLine($"error: cannot open the model versions in {store.Description}: {e.Message}");
                return 1;
            }
            if (!worker)
            {
                var result = await RetrainTick.RunAsync(movieLens, fingerprint, settings, store, owner, Console.WriteLine, ct);
                Console.WriteLine(result.Line);
                return result.Outcome switch { RetrainOutcomes.Failed => 1, TickResult.Skipped => LeaseHeldExitCode, _ => 0 };
            }
            Console.WriteLine($"worker {owner}: a run every {period}, versions in {store.Description}");
            try
            {
                while (true)
                {
                    var tickStarted = DateTimeOffset.UtcNow;
                    var result = await RetrainTick.RunAsync(movieLens, fingerprint, settings, store, owner, Console.WriteLine, ct);
                    Console.WriteLine(result.Line);
                    // Another worker's lease: try again when it can have expired, not a whole period later.
                    var wait = result.HeldBy is { } held
                        ? TimeSpan.FromSeconds(Math.Clamp((held.Until - DateTimeOffset.UtcNow).TotalSeconds + 1, 1, period.TotalSeconds))
                        : period - (DateTimeOffset.UtcNow - tickStarted);
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
                }
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("worker stopped; the current version is unchanged by the interrupted run.");
                return 0;
            }
        });
        return command;
    }

    // The API creates the SQLite file; these commands never do (a mistyped path must not start an empty store).
    private static bool MissingDatabase(string target)
    {
        if (FeedbackStores.IsConnectionString(target) || File.Exists(target)) return false;
        Console.Error.WriteLine($"error: feedback database '{Path.GetFullPath(target)}' does not exist (start the API once to create it, or give a PostgreSQL connection string).");
        return true;
    }

    /// <summary>"1h", "30m", "90s" (or "1.5h"); at least a second.</summary>
    public static TimeSpan ParsePeriod(string text)
    {
        var t = text.Trim();
        if (t.Length >= 2 && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            var span = char.ToLowerInvariant(t[^1]) switch { 'h' => TimeSpan.FromHours(n), 'm' => TimeSpan.FromMinutes(n), 's' => TimeSpan.FromSeconds(n), _ => TimeSpan.Zero };
            if (span >= TimeSpan.FromSeconds(1)) return span;
        }
        throw new ArgumentException($"--every takes a positive number followed by h, m or s (e.g. 1h, 30m, 90s), at least 1s; '{text}' is not one.");
    }

    private static Command CreateModels()
    {
        var models = new Command("models", "Lists the stored model versions, promotes one by hand, or rolls back to the one before.");
        var list = new Command("list", "Every stored version, newest first: when, from what data, its gate figures, and which one is current.");
        var promote = new Command("promote", "Makes a stored version current (past the quality gate); replicas load it within seconds.");
        var version = new Argument<int>("version") { Description = "The version number, as `models list` shows it." };
        promote.Arguments.Add(version);
        var rollback = new Command("rollback", "Makes current the newest earlier version that was ever current, or the replicas' own folder (model/) when there is none.");
        foreach (var c in new[] { list, promote, rollback })
        {
            var feedback = FeedbackOption();
            c.Options.Add(feedback);
            c.SetAction(async (parse, ct) =>
            {
                var target = parse.GetValue(feedback)!;
                if (MissingDatabase(target)) return 1;
                await using var store = ModelVersionStore.Open(target, StoreCalls);
                try
                {
                    await store.InitialiseAsync(ct);
                    if (c == promote)
                    {
                        var v = parse.GetValue(version);
                        await store.PromoteAsync(v, ct);
                        Console.WriteLine($"v{v} is current; replicas load it within seconds.");
                    }
                    else if (c == rollback)
                    {
                        var restored = await store.RollbackAsync(ct);
                        Console.WriteLine(restored is { } t ? $"rolled back: v{t} is current." : "rolled back: no stored version is current; replicas serve their own folder (Model:Path).");
                    }
                    else await PrintAsync(store, ct);
                    return 0;
                }
                catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FeedbackUnavailableException)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return 1;
                }
            });
            models.Subcommands.Add(c);
        }
        return models;
    }

    private static async Task PrintAsync(IModelVersionStore store, CancellationToken ct)
    {
        var current = await store.CurrentAsync(ct);
        var versions = await store.ListAsync(ct);
        Console.WriteLine($"{store.Description}: {versions.Count} version(s); current: {(current?.Version is { } c ? "v" + c : "none (replicas serve Model:Path)")}");
        foreach (var v in versions)
        {
            var i = v.Info;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(v.Version == current?.Version ? "*" : " ")} v{v.Version,-4} {v.CreatedAt:u}  {v.Bytes / 1e6,5:F1} MB  sha256 {v.Sha256[..12]}  {i.Producer,-7} {(v.PromotedAt is { } p ? $"promoted {p:u}" : "never current")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"        data: {i.Data.MovieLensRatings:N0} MovieLens ratings ({i.Data.MovieLensUsers:N0} users, {i.Data.MovieLensMovies:N0} movies) + {i.Data.FeedbackRatings:N0} feedback ratings ({i.Data.FeedbackUsers:N0} new users), {i.Data.AddedMovies:N0} added movies; snapshot {i.DataSnapshotAt:u}"));
            Console.WriteLine($"        gate: {(i.Gate.Passed ? "passed" : "refused")}, {i.Gate.Reason}");
        }
        if (await store.LastRetrainAsync(ct) is { } last)
            Console.WriteLine($"last run: {last.Outcome} at {last.FinishedAt:u}{(last.Version is { } lv ? $" (v{lv})" : "")}: {last.Detail}");
    }
}
