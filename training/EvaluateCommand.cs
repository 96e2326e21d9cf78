using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.IO;
using HybridRecommender.Training;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Training.Plotting;
using Spectre.Console;

/// <summary>
/// <c>evaluate</c>: the bundle against the baselines on the bundle's own test set (docs/EVALUATION.md).
/// The work is <see cref="Evaluator"/>'s; this class parses options and prints.
/// </summary>
internal static class EvaluateCommand
{
    public const int Ok = 0;
    public const int Refused = RefusedInput.ExitCode;
    /// <summary>The hybrid's test figures differ from its card's: a scoring or split regression.</summary>
    public const int NotReproduced = 3;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model bundle folder.", DefaultValueFactory = _ => "model" };
        var data = new Option<string?>("--data") { Description = "MovieLens folder (else ML1M_DIR, else ./ml-1m). Must be the data the model was trained on." };
        var skipAblation = new Option<bool>("--skip-ablation") { Description = "Skip retraining without genres (a full training run)." };
        var skipItemColdStart = new Option<bool>("--skip-item-cold-start") { Description = "Skip item cold start (a training run without the new movies' ratings and two content-path retrainings)." };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file." };
        var threads = new Option<int>("--threads") { Description = "Threads for ranking (results do not depend on it).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var maxUsers = new Option<int>("--max-users") { Description = "Most test users ranked: a fixed seeded sample above it (large data); RMSE/MAE always use every test rating.", DefaultValueFactory = _ => new EvaluationOptions().MaxRankedUsers };

        var command = new Command("evaluate", "Compare the trained model with bias-only, popularity, EASE^R and a no-genre ablation on the model's test set: RMSE/MAE, Precision/Recall/NDCG@10, coverage and long-tail share.")
        {
            model, data, skipAblation, skipItemColdStart, json, threads, maxUsers,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(Run(
            parse.GetValue(model)!, parse.GetValue(data), !parse.GetValue(skipAblation), !parse.GetValue(skipItemColdStart), parse.GetValue(json), parse.GetValue(threads), parse.GetValue(maxUsers), cancellation)));
        return command;
    }

    private static int Run(string modelFolder, string? dataArgument, bool ablation, bool itemColdStart, string? jsonPath, int threads, int maxUsers, CancellationToken cancellation)
    {
        var console = CreateConsole();
        ModelBundle bundle;
        MovieLensDataset data;
        ResolvedDataFolder folder;
        try
        {
            RefusedInput.RequireThreads(threads);
            if (maxUsers < 1) throw new ArgumentException($"--max-users must be at least 1; got {maxUsers}.");
            bundle = ModelBundle.Load(modelFolder);
            folder = DataFolderResolver.ForCurrentProcess().Resolve(dataArgument);
            console.MarkupLineInterpolated($"Model: {Path.GetFullPath(modelFolder)} (trained {bundle.Card.TrainedAt:u}, best epoch {bundle.Card.BestEpoch})");
            console.MarkupLineInterpolated($"Data:  {folder}");
            data = MovieLensReader.Load(folder.Path);
        }
        catch (Exception e) when (RefusedInput.Is(e))
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return Refused;
        }

        EvaluationReport report;
        try
        {
            report = Evaluator.Run(bundle, data, new EvaluationOptions { Ablation = ablation, ItemColdStart = itemColdStart, Threads = threads, DataFolder = folder.Path, MaxRankedUsers = maxUsers },
                status: s => console.MarkupLineInterpolated($"[grey]{s}[/]"), retrainer: new TorchRecipeTrainer(), ablationProgress: new EpochLines(console), cancellation: cancellation);
        }
        catch (DataMismatchException e)
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return Refused;
        }

        Print(console, report);
        if (report.Variety is { Count: > 0 } variety)
        {
            // Beside the training plots of this model (assets/ for the repository's model/), where the API serves them.
            var written = VarietyPlot.Save(PlotsLocation.For(modelFolder), variety, report.K);
            console.MarkupLineInterpolated($"Variety chart written to {string.Join(", ", written)}");
        }
        if (jsonPath is not null)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(report, ModelBundle.Json);
            AtomicFile.Write(Path.GetFullPath(jsonPath), s => s.Write(bytes));
            console.MarkupLineInterpolated($"Report written to {Path.GetFullPath(jsonPath)}");
        }
        // Any figure the card records and the rerun does not reproduce (hybrid or baseline) fails the run.
        return report.CardChecks.Values.All(c => c.Reproduced) ? Ok : NotReproduced;
    }

    // Redirected to a file or a pipe (CI logs, `> report.txt`): no colour codes, and no wrapping at
    // Spectre's fallback width of 80 columns, which would break the table and the verdict lines.
    private static IAnsiConsole CreateConsole()
    {
        if (!Console.IsOutputRedirected) return AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = 160;
        return console;
    }

    private static void Print(IAnsiConsole console, EvaluationReport report)
    {
        console.WriteLine();
        console.Write(new Rule("Protocol").LeftJustified());
        foreach (var line in report.Protocol) console.MarkupLineInterpolated($"• {line}");
        console.MarkupLineInterpolated(
            $"• {report.RankedUsers:N0} users ranked, {report.RelevantTestRatings:N0} relevant test ratings, {report.MeanCandidates:N0} candidates per user on average; popularity m = {report.PopularityMinimumVotes:0.#}, C = {report.PopularityMean:0.0000}.");
        // Why a list may leave the long tail out: these are all the hits it can give up by doing so.
        if (report.RelevantTestRatings > 0)
            console.MarkupLineInterpolated(
            $"• {report.RelevantLongTailTestRatings:N0} of the relevant test ratings ({(double)report.RelevantLongTailTestRatings / report.RelevantTestRatings:0.00%}) are of movies with fewer than {report.LongTailThreshold} train ratings: the most hits a list without such movies can miss.");
        if (report.VerifiedFiles.Count > 0)
            console.MarkupLineInterpolated($"• Data SHA-256 matches the card for {string.Join(", ", report.VerifiedFiles)}.");
        console.WriteLine();

        var k = report.K;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("Model").NoWrap())
            .AddColumn(new TableColumn("RMSE").RightAligned()).AddColumn(new TableColumn("MAE").RightAligned())
            .AddColumn(new TableColumn($"P@{k}").RightAligned()).AddColumn(new TableColumn($"R@{k}").RightAligned())
            .AddColumn(new TableColumn($"NDCG@{k}").RightAligned()).AddColumn(new TableColumn("coverage").RightAligned())
            .AddColumn(new TableColumn($"tail<{report.LongTailThreshold}").RightAligned()).AddColumn(new TableColumn("tied cut").RightAligned());
        foreach (var m in report.Models)
        {
            var a = m.Accuracy;
            var r = m.Ranking;
            var c = m.Catalogue;
            table.AddRow(Markup.Escape(m.Name), a is null ? "n/a" : F(a.Value.Rmse), a is null ? "n/a" : F(a.Value.Mae),
                r is null ? "—" : F(r.Value.Precision), r is null ? "—" : F(r.Value.Recall), r is null ? "—" : F(r.Value.Ndcg),
                c is null ? "—" : P(c.Value.Coverage), c is null ? "—" : P(c.Value.LongTailShare),
                r is null ? "—" : m.UsersTiedAtCutoff.ToString("N0", CultureInfo.InvariantCulture));
        }
        console.Write(table);
        foreach (var m in report.Models) console.MarkupLineInterpolated($"[grey]{m.Name}: {m.Description}[/]");
        console.MarkupLineInterpolated($"[grey]tied cut = ranked users whose top-{k} cut fell inside a tie of equal scores (the movie-index tie-break chose).[/]");
        console.MarkupLineInterpolated($"[grey]coverage = distinct movies in the top-{k} lists / {report.CatalogueSize:N0} catalogue movies; tail<{report.LongTailThreshold} = share of top-{k} slots given to movies with fewer than {report.LongTailThreshold} train ratings. n/a = predicts no rating.[/]");
        foreach (var m in report.Models.Where(m => m.Catalogue is not null))
        {
            var c = m.Catalogue!.Value;
            console.MarkupLineInterpolated($"[grey]  {m.Name}: {c.DistinctMovies:N0} distinct movies, {c.LongTailSlots:N0} of {c.Slots:N0} slots long tail[/]");
        }
        if (report.Ease is { } ease)
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"EASE λ chosen on validation (NDCG@{k}; Gram {ease.GramSeconds:0.00} s, {ease.Items:N0} items): ") +
                string.Join(", ", ease.Trials.Select(t => string.Create(CultureInfo.InvariantCulture,
                    $"{t.Lambda:0.###} → {t.Validation.Ndcg:0.0000} ({t.FitSeconds:0.0} s)"))) +
                string.Create(CultureInfo.InvariantCulture, $"; chosen λ = {ease.Lambda:0.###}.")));
        else
            console.MarkupLine("[yellow]EASE^R skipped at this catalogue size (see the protocol): no strong-baseline comparison.[/]");
        PrintColdStart(console, report);
        PrintItemColdStart(console, report);
        PrintVariety(console, report);

        foreach (var (name, c) in report.CardChecks.OrderBy(kv => kv.Key == Evaluator.HybridName ? 0 : 1).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var mark = c.Reproduced ? "[green]✓[/]" : "[red]✗[/]";
            console.MarkupLine($"{mark} {Markup.Escape(name)}: test RMSE {c.Rmse.ToString("R", CultureInfo.InvariantCulture)}, MAE {c.Mae.ToString("R", CultureInfo.InvariantCulture)} over {c.Count:N0} " +
                (c.Exact ? "— exactly the card's." : c.Reproduced
                    ? Markup.Escape($"— the card's within {CardReproduction.Tolerance:0e0} (card: RMSE {c.CardRmse:R}, MAE {c.CardMae:R}; last bits differ across CPUs).")
                    : Markup.Escape($"— the card records RMSE {c.CardRmse:R}, MAE {c.CardMae:R} over {c.CardCount:N0}.")));
        }
        console.WriteLine();
        foreach (var f in report.Findings)
            console.MarkupLine(f.Contains("WORSE", StringComparison.Ordinal) || f.Contains("NOT", StringComparison.Ordinal)
                ? $"[yellow]! {Markup.Escape(f)}[/]" : $"• {Markup.Escape(f)}");
        if (report.Ablation is { } run)
            console.MarkupLineInterpolated($"• Ablation run: {run.Epochs.Count} epochs, best {run.BestEpoch}, {run.Seconds:0} s.");
        else
            console.MarkupLine("• Genre ablation skipped (--skip-ablation): no hybridWithoutGenres or hybridRelevanceWithoutGenres rows, no genre findings.");
    }

    // Cold start (docs/EVALUATION.md §6): one row per k, fold-in next to popularity and the trained rows on the same users.
    private static void PrintColdStart(IAnsiConsole console, EvaluationReport report)
    {
        if (report.ColdStart is not { Count: > 0 } rows) return;
        var k = report.K;
        var table = new Table().Border(TableBorder.Rounded).Title($"Cold start: fold-in from k training ratings (test, @{k})")
            .AddColumn("k").AddColumn(new TableColumn("users (skipped)").RightAligned())
            .AddColumn(new TableColumn($"fold-in P / R / NDCG").RightAligned())
            .AddColumn(new TableColumn($"popularity P / R / NDCG").RightAligned())
            .AddColumn(new TableColumn($"trained rows NDCG").RightAligned())
            .AddColumn(new TableColumn("NDCG ratio").RightAligned())
            .AddColumn(new TableColumn("fold-in / popularity RMSE").RightAligned())
            .AddColumn(new TableColumn("steps mean (max)").RightAligned());
        foreach (var r in rows)
            table.AddRow(r.Ratings.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{r.Users:N0} ({r.SkippedUsers:N0})"),
                $"{F(r.FoldIn.Precision)} / {F(r.FoldIn.Recall)} / {F(r.FoldIn.Ndcg)}",
                $"{F(r.Popularity.Precision)} / {F(r.Popularity.Recall)} / {F(r.Popularity.Ndcg)}",
                F(r.TrainedRows.Ndcg),
                r.NdcgRatio.ToString("0.00", CultureInfo.InvariantCulture) + "×",
                $"{F(r.FoldInAccuracy.Rmse)} / {F(r.PopularityAccuracy.Rmse)}",
                string.Create(CultureInfo.InvariantCulture, $"{r.MeanFoldInSteps:0.0} ({r.MaxFoldInSteps})"));
        console.Write(table);
    }

    // Item cold start (docs/EVALUATION.md, "Item cold start"): new movies only, each ranker with NDCG's standard error and the served score's paired gain.
    private static void PrintItemColdStart(IAnsiConsole console, EvaluationReport report)
    {
        if (report.ItemColdStart is not { } item) return;
        var k = report.K;
        var table = new Table().Border(TableBorder.Rounded)
            .Title(string.Create(CultureInfo.InvariantCulture, $"Item cold start: {item.NewMovies:N0} new movies, {item.Users:N0} test users, {item.MeanCandidates:0.0} candidates each (test, @{k})"))
            .AddColumn("ranker")
            .AddColumn(new TableColumn($"P@{k}").RightAligned()).AddColumn(new TableColumn($"R@{k}").RightAligned())
            .AddColumn(new TableColumn($"NDCG@{k} ± s.e.").RightAligned())
            .AddColumn(new TableColumn("served − this (paired) ± s.e.").RightAligned());
        foreach (var r in item.Rows)
            table.AddRow(Markup.Escape(r.Name), F(r.Ranking.Precision), F(r.Ranking.Recall), $"{F(r.Ranking.Ndcg)} ± {F(r.NdcgStandardError)}",
                r.ServedMinusThis is { } d ? $"{d.Mean.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture)} ± {F(d.StandardError)}" : "—");
        console.Write(table);
        foreach (var r in item.Rows) console.MarkupLineInterpolated($"[grey]{r.Name}: {r.Description}[/]");
        console.MarkupLineInterpolated($"[grey]All movies ranked together for {item.AllMoviesUsers:N0} test users: {P(item.NewShareOfTopSlots)} of the top-{k} slots go to new movies (they hold {P(item.NewShareOfRelevant)} of those users' relevant test ratings). Training without them: best epoch {item.Run.BestEpoch}, {item.Run.Seconds:0} s.[/]");
    }

    // The served lists re-ranked for variety (docs/EVALUATION.md, "Variety"): accuracy next to what they do to the catalogue.
    private static void PrintVariety(IAnsiConsole console, EvaluationReport report)
    {
        if (report.Variety is not { Count: > 0 } points) return;
        var k = report.K;
        var table = new Table().Border(TableBorder.Rounded).Title($"Variety: the served lists re-ranked (test, @{k})")
            .AddColumn("diversity").AddColumn("novelty")
            .AddColumn(new TableColumn($"P@{k}").RightAligned()).AddColumn(new TableColumn($"R@{k}").RightAligned())
            .AddColumn(new TableColumn($"NDCG@{k}").RightAligned()).AddColumn(new TableColumn("coverage").RightAligned())
            .AddColumn(new TableColumn("distinct").RightAligned()).AddColumn(new TableColumn($"tail<{report.LongTailThreshold}").RightAligned())
            .AddColumn(new TableColumn("intra-list sim.").RightAligned());
        foreach (var p in points)
            table.AddRow(p.Diversity.ToString("0.00", CultureInfo.InvariantCulture), p.Novelty.ToString("0.00", CultureInfo.InvariantCulture),
                F(p.Ranking.Precision), F(p.Ranking.Recall), F(p.Ranking.Ndcg), P(p.Catalogue.Coverage),
                p.Catalogue.DistinctMovies.ToString("N0", CultureInfo.InvariantCulture), P(p.Catalogue.LongTailShare), F(p.IntraListSimilarity));
        console.Write(table);
    }

    private static string F(double x) => x.ToString("0.0000", CultureInfo.InvariantCulture);
    private static string P(double x) => x.ToString("0.0%", CultureInfo.InvariantCulture);

    /// <summary>One line per epoch of evaluate's retrainings (the genre ablation, item cold start); batches are too many to print.</summary>
    private sealed class EpochLines(IAnsiConsole console) : ITrainingProgress
    {
        public void BatchDone(int epoch, int ratingsDone, int ratingsTotal, double runningMse) { }

        public void EpochDone(EpochMetrics m, bool isBest) =>
            console.MarkupLineInterpolated($"[grey]  retraining epoch {m.Epoch}: validation RMSE {m.ValidationRmse:0.0000}{(isBest ? " (best)" : "")}, {m.Seconds:0.0} s[/]");
    }
}
