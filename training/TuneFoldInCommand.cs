using System.CommandLine;
using System.Globalization;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Training;

/// <summary>
/// <c>tune-fold-in</c>: the fold-in penalty grid on the VALIDATION split (<see cref="FoldInTuning"/>);
/// prints one line per (λ_p, λ_b, α_f). How the defaults in FoldInOptions were chosen (docs/MODEL.md, "Fold-in").
/// </summary>
internal static class TuneFoldInCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model bundle folder.", DefaultValueFactory = _ => "model" };
        var data = new Option<string?>("--data") { Description = "MovieLens folder (else ML1M_DIR, else ./ml-1m)." };
        var vector = new Option<float[]>("--vector-penalty") { Description = "λ_p values to try.", AllowMultipleArgumentsPerToken = true };
        var bias = new Option<float[]>("--bias-penalty") { Description = "λ_b values to try.", AllowMultipleArgumentsPerToken = true };
        var relevance = new Option<float[]>("--relevance-weight") { Description = "α_f values to try (weight of the relevance head's likelihood; default 0 only).", AllowMultipleArgumentsPerToken = true };
        var served = new Option<bool>("--served-score") { Description = "Rank with the bundle's served score for folded-in users (β_f, w_f of the card) instead of the relevance head alone." };
        var threads = new Option<int>("--threads") { Description = "Threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("tune-fold-in", "Grid-search fold-in's penalties by cold-start NDCG@10 on the validation split (never test).")
        {
            model, data, vector, bias, relevance, served, threads,
        };
        command.SetAction((parse, cancellation) =>
        {
            // Exit codes as evaluate's: 2 = refused (a bad option, the model or data missing or unreadable), before any work.
            if (!RefusedInput.TryLoad(parse.GetValue(threads), parse.GetValue(model)!, parse.GetValue(data), out var bundle, out var dataset))
                return Task.FromResult(RefusedInput.ExitCode);
            var vp = parse.GetValue(vector) is { Length: > 0 } v ? v : null;
            var bp = parse.GetValue(bias) is { Length: > 0 } b ? b : null;
            var rw = parse.GetValue(relevance) is { Length: > 0 } a ? a : null;
            Console.WriteLine("λ_p\tλ_b\tα_f\t" + string.Join("\t", ColdStartEvaluation.DefaultRatingCounts.Select(k => $"NDCG@10 k={k}\tRMSE k={k}")) + "\tmean NDCG\tpopularity NDCG (k=10)\ttrained rows NDCG (k=10)");
            var rows = FoldInTuning.Run(bundle, dataset, parse.GetValue(threads), vp, bp, row => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.VectorPenalty}\t{row.BiasPenalty}\t{row.RelevanceWeight}\t{string.Join("\t", row.Results.Select(r => $"{r.FoldIn.Ndcg:0.0000}\t{r.FoldInAccuracy.Rmse:0.0000}"))}\t{row.MeanNdcg:0.0000}\t{row.Results.Single(r => r.Ratings == 10).Popularity.Ndcg:0.0000}\t{row.Results.Single(r => r.Ratings == 10).TrainedRows.Ndcg:0.0000}")), cancellation, rw, parse.GetValue(served));
            var best = FoldInTuning.Choose(rows);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Chosen (best mean validation NDCG@10; within {FoldInTuning.NdcgTie} of it, lowest mean RMSE): λ_p = {best.VectorPenalty}, λ_b = {best.BiasPenalty}, α_f = {best.RelevanceWeight} (NDCG {best.MeanNdcg:0.0000}, RMSE {best.MeanRmse:0.0000}); users per k: {string.Join(", ", best.Results.Select(r => $"{r.Ratings}: {r.Users:N0} (skipped {r.SkippedUsers:N0})"))}."));
            return Task.FromResult(0);
        });
        return command;
    }
}
