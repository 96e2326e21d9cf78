using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Feedback;
using HybridRecommender.Core.Training;
using HybridRecommender.Training.Plotting;

namespace HybridRecommender.Training;

/// <summary>The root command: load (or download) MovieLens, train, test once, write the bundle and the plots.</summary>
public static class TrainCommand
{
    public static RootCommand Create()
    {
        var d = new TrainingOptions();
        var data = new Option<string?>("--data") { Description = "MovieLens folder (ML-1M .dat files or the CSV layout). Default: $ML1M_DIR, else ./ml-1m (downloaded there when missing)." };
        var epochs = new Option<int>("--epochs") { Description = $"Maximum epochs; training stops early when validation RMSE has not improved for {d.Patience} epochs, keeping the best epoch.", DefaultValueFactory = _ => d.Epochs };
        var batch = new Option<int>("--batch-size") { Description = "Ratings per mini-batch.", DefaultValueFactory = _ => d.BatchSize };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate (multiplied by --lr-decay after every epoch).", DefaultValueFactory = _ => d.LearningRate };
        var lrDecay = new Option<float>("--lr-decay") { Description = "Learning-rate multiplier applied after each epoch.", DefaultValueFactory = _ => d.LearningRateDecay };
        var dim = new Option<int>("--dim") { Description = "Embedding width of users and movies.", DefaultValueFactory = _ => d.Dim };
        var hidden = new Option<string>("--hidden") { Description = "Widths of the MLP's ReLU hidden layers, comma-separated (e.g. 64 or 128,64); 'none' (or 0) for no MLP.", DefaultValueFactory = _ => string.Join(",", d.Hidden) };
        var weightDecay = new Option<float>("--weight-decay") { Description = "L2 strength λ on the user and movie embedding rows, counted once per rating (the matrix-factorisation regulariser).", DefaultValueFactory = _ => d.Regularisation.Embedding };
        var denseDecay = new Option<float>("--dense-decay") { Description = "L2 strength on the dense weights (genre projection and MLP weights; not biases).", DefaultValueFactory = _ => d.Regularisation.Dense };
        var dropout = new Option<float>("--dropout") { Description = "Dropout rate on the MLP's hidden units during training (0 = off).", DefaultValueFactory = _ => d.Regularisation.Dropout };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, the initial weights and the shuffling.", DefaultValueFactory = _ => d.Seed };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (results are deterministic for a given seed, thread count and machine).", DefaultValueFactory = _ => d.Threads };
        var device = new Option<string>("--device") { Description = "Where libtorch trains: cpu, or cuda / cuda:N with a CUDA TorchSharp package referenced instead of the CPU one (untested here: no GPU).", DefaultValueFactory = _ => d.Device };
        var absoluteErrorWeight = new Option<float>("--absolute-error-weight") { Description = "Weight γ of |r̂ − r| next to (r̂ − r)² in the rating loss: pulls r̂ toward the median rating, lowering MAE; 0 = squared error only.", DefaultValueFactory = _ => d.AbsoluteErrorWeight };
        var relevanceWeight = new Option<float>("--relevance-weight") { Description = "Weight α of the relevance head's loss (softmax over all movies of each user's train movies) next to the rating loss; 0 = no relevance head.", DefaultValueFactory = _ => d.RelevanceWeight };
        var relevanceL2 = new Option<float>("--relevance-l2") { Description = "L2 strength λ_r on the relevance head's movie embedding (Σ of squares, once per batch).", DefaultValueFactory = _ => d.RelevanceL2 };
        var contentHidden = new Option<int>("--content-hidden") { Description = "Hidden width of the content path (stand-in rows for a movie from its genres and year, trained after the tables with everything else frozen); 0 = no content path.", DefaultValueFactory = _ => d.ContentHidden };
        var contentEpochs = new Option<int>("--content-epochs") { Description = "Epochs of the content path's training.", DefaultValueFactory = _ => d.ContentEpochs };
        var contentRatings = new Option<int>("--content-ratings-per-epoch") { Description = "Most train ratings one content-path epoch visits; above it each epoch draws a fresh sample (the path is small; at ML-32M shape every rating four times costs minutes for what a sample teaches).", DefaultValueFactory = _ => d.ContentRatingsPerEpoch };
        var contentLr = new Option<float>("--content-lr") { Description = "Adam learning rate of the content path.", DefaultValueFactory = _ => d.ContentLearningRate };
        var contentReplaceShare = new Option<float>("--content-replace-share") { Description = "Share ρ of the rated movies whose relevance logits come from the content path in each batch's softmax, in (0, 1].", DefaultValueFactory = _ => d.ContentReplaceShare };
        var sampledAbove = new Option<long>("--sampled-above") { Description = "Users × movies above which the relevance head trains with a sampled softmax (log-Q corrected) and the tables with lazy row Adam instead of the exact full softmax and dense Adam; 0 = always sampled.", DefaultValueFactory = _ => d.SampledObjectiveAbove };
        var negatives = new Option<int>("--negatives") { Description = "Negatives K the sampled softmax draws per batch.", DefaultValueFactory = _ => d.SampledNegatives };
        var overlapRowUpdates = new Option<bool>("--overlap-row-updates") { Description = "With the sampled objective: apply each batch's table-row updates on the second core while the next batch trains (that batch reads its rows one update behind); false: every batch sees every update before it.", DefaultValueFactory = _ => d.OverlapRowUpdates };
        var mlpPrecision = new Option<string>("--mlp-precision") { Description = "Number format of the MLP's matrix products while training: auto (bf16 with the sampled objective on a CPU with bfloat16 dot products, e.g. avx512_bf16; fp32 otherwise), fp32 or bf16. Weights, tables and serving stay float32.", DefaultValueFactory = _ => MlpPrecisions.Name(d.MlpPrecision) };
        var validationUsers = new Option<int?>("--validation-users") { Description = $"Most validation users ranked per epoch and when choosing the ranking weights (a fixed seeded sample above it). Default: as many as {TrainingOptions.ValidationRankingBudget:N0} users × movies allow, at most {TrainingOptions.DefaultValidationUsers:N0} (every ML-1M user; 2,854 at 87,585 movies)." };
        var output = new Option<string?>("--out") { Description = $"Folder the model bundle is written to. Default: a new {RunFolder.Parent}/<UTC timestamp>/ (git-ignored), so a run never replaces the committed model by surprise; `--out {PlotsLocation.CommittedModelFolder}` replaces the committed model/ and its {PlotsLocation.CommittedPlotsFolder}/ plots." };
        var feedback = new Option<string?>("--feedback") { Description = "Also learn from the API's feedback database: a SQLite file (e.g. data/feedback.db) or a PostgreSQL connection string. New users become rows; a feedback rating overrides the dataset's rating of the same movie by the same user." };
        var plots = new Option<string?>("--plots") { Description = $"Folder the training plots (loss.png/.svg, mae.png/.svg) are written to. Default: <--out>/{PlotsLocation.InModelFolder}, where the API finds them for that model; the repository's {PlotsLocation.CommittedPlotsFolder}/ when --out is its {PlotsLocation.CommittedModelFolder}/ (the committed pair)." };

        var root = new RootCommand("Trains the HybridRecommender network on MovieLens and writes the model bundle and training plots.")
        {
            data, epochs, batch, lr, lrDecay, dim, hidden, weightDecay, denseDecay, absoluteErrorWeight, dropout, seed, threads, device, relevanceWeight, relevanceL2, contentHidden, contentEpochs, contentRatings, contentLr, contentReplaceShare, sampledAbove, negatives, overlapRowUpdates, mlpPrecision, validationUsers, output, plots, feedback,
        };
        root.SetAction(async (parse, ct) =>
        {
            TrainingOptions options;
            try
            {
                options = d with
                {
                    Epochs = parse.GetValue(epochs),
                    BatchSize = parse.GetValue(batch),
                    LearningRate = parse.GetValue(lr),
                    LearningRateDecay = parse.GetValue(lrDecay),
                    Dim = parse.GetValue(dim),
                    Hidden = ParseHidden(parse.GetValue(hidden)!),
                    Regularisation = d.Regularisation with
                    {
                        Embedding = parse.GetValue(weightDecay),
                        Dense = parse.GetValue(denseDecay),
                        Dropout = parse.GetValue(dropout),
                    },
                    Seed = parse.GetValue(seed),
                    Threads = parse.GetValue(threads),
                    Device = parse.GetValue(device)!,
                    RelevanceWeight = parse.GetValue(relevanceWeight),
                    RelevanceL2 = parse.GetValue(relevanceL2),
                    AbsoluteErrorWeight = parse.GetValue(absoluteErrorWeight),
                    ContentHidden = parse.GetValue(contentHidden),
                    ContentEpochs = parse.GetValue(contentEpochs),
                    ContentRatingsPerEpoch = parse.GetValue(contentRatings),
                    ContentLearningRate = parse.GetValue(contentLr),
                    ContentReplaceShare = parse.GetValue(contentReplaceShare),
                    SampledObjectiveAbove = parse.GetValue(sampledAbove),
                    SampledNegatives = parse.GetValue(negatives),
                    OverlapRowUpdates = parse.GetValue(overlapRowUpdates),
                    MlpPrecision = MlpPrecisions.Parse(parse.GetValue(mlpPrecision)!),
                    ValidationUsers = parse.GetValue(validationUsers),
                };
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            var outDir = parse.GetValue(output) ?? RunFolder.Default(DateTimeOffset.UtcNow, Directory.GetCurrentDirectory());
            var plotsDir = parse.GetValue(plots);
            if (string.IsNullOrWhiteSpace(outDir) || plotsDir is { } p && string.IsNullOrWhiteSpace(p))
            {
                Console.Error.WriteLine($"error: {(string.IsNullOrWhiteSpace(outDir) ? "--out" : "--plots")} is empty; give a folder.");
                return 2;
            }
            return await RunAsync(parse.GetValue(data), options, outDir, plotsDir ?? PlotsLocation.For(outDir), parse.GetValue(feedback), ct);
        });
        return root;
    }

    private static int[] ParseHidden(string text)
    {
        if (text.Trim() is "none" or "0") return [];
        if (text.Trim() is "") throw new ArgumentException("--hidden is empty; give widths like 64 or 128,64, or 'none' for no MLP.");
        return text.Split(',', StringSplitOptions.TrimEntries).Select(t =>
            int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new ArgumentException($"--hidden takes positive integers separated by commas (e.g. 64 or 128,64) or 'none'; '{t}' is not one.")).ToArray();
    }

    // The repository's model/: the one folder whose plots go to assets/ (PlotsLocation's rule).
    private static bool IsCommittedModel(string fullOut) =>
        PlotsLocation.For(fullOut) != Path.Combine(Path.TrimEndingDirectorySeparator(fullOut), PlotsLocation.InModelFolder);

    /// <summary>Finds the data (downloading ML-1M into ./ml-1m when nothing else was asked for) and loads it.</summary>
    public static async Task<(MovieLensDataset Data, string Directory)?> LoadDataAsync(string? dataArgument, CancellationToken ct)
    {
        var folder = DataFolderResolver.ForCurrentProcess().Resolve(dataArgument);
        Console.WriteLine($"data: {folder}");
        try
        {
            if (folder.Source == DataFolderSource.Default && !MovieLensDownloader.HasDataFiles(folder.Path))
            {
                Console.WriteLine($"MovieLens 1M not found in {folder.Path}; downloading {MovieLensDownloader.DefaultUrl} …");
                using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
                var progress = new Progress<DownloadProgress>(p =>
                {
                    if (!Console.IsOutputRedirected)
                        Console.Write($"\r  {p.BytesReceived / 1e6,6:F1} MB{(p.TotalBytes is { } t ? $" of {t / 1e6:F1} MB" : "")}   ");
                });
                await new MovieLensDownloader(http).EnsureAsync(folder.Path, progress, ct);
                Console.WriteLine();
            }
            var clock = Stopwatch.StartNew();
            var dataset = MovieLensReader.Load(folder.Path);
            Console.WriteLine($"loaded {dataset.Ratings.Count:N0} ratings, {dataset.Users.Count:N0} users, {dataset.Movies.Count:N0} movies ({dataset.RatedMovieCount():N0} rated), {dataset.Genres.Count} genres in {clock.Elapsed.TotalSeconds:F2} s");
            return (dataset, folder.Path);
        }
        catch (Exception e) when (e is DataFormatException or DataNotFoundException or DataDownloadException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }

    private static async Task<int> RunAsync(string? dataArgument, TrainingOptions options, string outDir, string plotsDir, string? feedbackTarget, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        var loaded = await LoadDataAsync(dataArgument, ct);
        if (loaded is null) return 1;
        var (data, directory) = loaded.Value;
        var fingerprint = DataFingerprint.Of(directory);
        FeedbackTraining? feedback = null;
        if (feedbackTarget is not null)
        {
            feedback = await FeedbackTraining.LoadAsync(feedbackTarget, data, ct);
            if (feedback is null) return 1;
            data = feedback.Data;
        }

        Console.WriteLine($"model: dim {options.Dim}, hidden [{string.Join(", ", options.Hidden)}], batch {options.BatchSize}, lr {options.LearningRate} (×{options.LearningRateDecay}/epoch), " +
                          $"γ |error| {options.AbsoluteErrorWeight}, λ embedding {options.Regularisation.Embedding}, λ dense {options.Regularisation.Dense}, dropout {options.Regularisation.Dropout}, seed {options.Seed}, {options.Threads} threads on {options.Device} (TorchSharp)" +
                          (options.RelevanceWeight > 0 ? $", relevance head α {options.RelevanceWeight}, λ_r {options.RelevanceL2}" : ", no relevance head"));
        Console.WriteLine(options.UsesSampledObjective(data.Users.Count, data.Movies.Count)
            ? $"objective: sampled softmax (K = {options.SampledNegatives}, log-Q corrected) and lazy row Adam{(options.OverlapRowUpdates ? " (overlapped)" : "")}: {data.Users.Count:N0} × {data.Movies.Count:N0} users × movies is above --sampled-above {options.SampledObjectiveAbove:N0}"
            : $"objective: exact (full softmax, dense Adam): {data.Users.Count:N0} × {data.Movies.Count:N0} users × movies is within --sampled-above {options.SampledObjectiveAbove:N0}");
        var precision = CpuBFloat16.Resolve(options, TrainingPipeline.ShapeOf(data, options));
        Console.WriteLine($"MLP matrix products in {(precision == MlpPrecision.BFloat16 ? "bfloat16" : "float32")} (--mlp-precision {MlpPrecisions.Name(options.MlpPrecision)}; " +
                          $"this CPU {(CpuBFloat16.Native ? "has" : "has no")} bfloat16 dot products{(precision == MlpPrecision.BFloat16 && !CpuBFloat16.Native ? ", so bf16 is emulated and slower than fp32 here" : "")}); weights and serving float32");
        TrainingOutcome outcome;
        try
        {
            outcome = TrainingPipeline.Run(data, options, fingerprint, new ConsoleTrainingProgress(options.Epochs), ct, Console.WriteLine);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled: nothing was written.");
            return 130;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }

        var card = outcome.Bundle.Card;
        var run = outcome.Run;
        var perEpoch = run.Epochs.Select(e => e.Seconds).Order().ToArray();
        Console.WriteLine();
        Console.WriteLine($"best epoch {run.BestEpoch} of {run.Epochs.Count}{(run.StoppedEarly ? " (stopped early)" : "")}; training {run.Seconds:F1} s, median epoch {perEpoch[perEpoch.Length / 2]:F2} s");
        if (!run.StoppedEarly && run.BestEpoch == run.Epochs.Count)
            Console.WriteLine($"note: the last epoch was still the best: --epochs {options.Epochs} ended a run that was still improving; more epochs may help.");
        Console.WriteLine($"split (seed {outcome.Split.Seed}): {outcome.Split.Train.Length:N0} train, {outcome.Split.Validation.Length:N0} validation, {outcome.Split.Test.Length:N0} test ratings");
        Console.WriteLine($"model: {card.Architecture.Parameters:N0} parameters, {card.Architecture.ForwardMultiplyAddsPerRating:N0} multiply-adds per rating forward (≈{card.Architecture.TrainingFlopsPerRating:N0} FLOPs per rating trained)");
        Console.WriteLine();
        Console.WriteLine("test set (touched once, after training)      RMSE      MAE");
        foreach (var (name, label) in new[] { (TrainingPipeline.HybridName, "hybrid network"), (TrainingPipeline.BiasOnlyName, "bias-only baseline (μ + b_u + b_i)"), (TrainingPipeline.GlobalMeanName, "global mean baseline") })
        {
            var m = outcome.Test[name];
            Console.WriteLine($"  {label,-40} {m.Rmse,8:F4} {m.Mae,8:F4}");
        }

        if (card.Ranking is { } ranking)
        {
            Console.WriteLine();
            Console.WriteLine("ranking score chosen on validation (relevant = validation ratings ≥ 4, train movies excluded)");
            foreach (var p in ranking.Validation)
            {
                var chosen = p.RatingWeight == ranking.RatingWeight && p.ItemItemWeight == ranking.ItemItemWeight && p.ItemItemLambda == ranking.ItemItemLambda;
                Console.WriteLine(FormattableString.Invariant(
                    $"  β {p.RatingWeight,4}  w {p.ItemItemWeight,3}  λ {(p.ItemItemLambda is { } l ? l.ToString(CultureInfo.InvariantCulture) : "—"),5}: P@10 {p.Precision:F4}  R@10 {p.Recall:F4}  NDCG@10 {p.Ndcg:F4}{(chosen ? "  *chosen" : "")}"));
            }
            Console.WriteLine($"  served: {ranking.Score}");
        }

        var bundle = feedback is null ? outcome.Bundle : FeedbackCard.Record(outcome, feedback.Summary, feedback.IsFeedback);
        bundle.Save(outDir);
        var plotFiles = TrainingPlots.Save(plotsDir, run.Epochs, run.BestEpoch);
        Console.WriteLine();
        Console.WriteLine($"wrote model bundle to {Path.GetFullPath(outDir)} ({string.Join(", ", new[] { ModelBundle.CardFile, ModelBundle.WeightsFile, ModelBundle.MoviesFile, ModelBundle.RatedFile, ModelBundle.LikedFile })})");
        Console.WriteLine($"wrote plots {string.Join(", ", plotFiles)}");
        Console.WriteLine($"total {total.Elapsed.TotalSeconds:F1} s");
        var full = Path.GetFullPath(outDir);
        Console.WriteLine();
        Console.WriteLine("serve this model:");
        Console.WriteLine($"  dotnet run --project src/HybridRecommender.Api -c Release -- --Model:Path={full}");
        Console.WriteLine("measure it:");
        Console.WriteLine($"  dotnet run --project training -c Release -- evaluate --model {full}");
        if (!IsCommittedModel(full))
            Console.WriteLine($"make it the committed model (replaces {PlotsLocation.CommittedModelFolder}/ and {PlotsLocation.CommittedPlotsFolder}/): train again with --out {PlotsLocation.CommittedModelFolder}");
        return 0;
    }
}
