using System.CommandLine;
using System.Globalization;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Training;

/// <summary>
/// <c>tune-prior</c>: the fold-in prior of users with no trained row (<see cref="RatedMoviesPrior"/>: λ, the subset size k of
/// its fit, fold-in's λ_p with it) on validation's cold-start protocol (<see cref="FoldInPriorTuning"/>; never test). Prints one
/// line per setting with each k's NDCG@10, its paired difference to the plain fit (no prior) ± the standard error over users,
/// and the fold-in RMSE on the same users' validation ratings.
/// </summary>
internal static class TunePriorCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model bundle folder.", DefaultValueFactory = _ => "model" };
        var data = new Option<string?>("--data") { Description = "MovieLens folder (else ML1M_DIR, else ./ml-1m)." };
        var lambda = new Option<double[]>("--lambda") { Description = "Ridge λ values of the prior to try.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [RatedMoviesPrior.DefaultLambda] };
        var subset = new Option<int[]>("--subset-size") { Description = "k of the prior's fit (the mean over random k of a user's train movies predicts their row).", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [RatedMoviesPrior.DefaultSubsetSize] };
        var share = new Option<float[]>("--share") { Description = "Constant shares t to try: the profile's vector is (1 − t)·fold-in + t·prior.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [] };
        var shareK0 = new Option<float[]>("--share-k0") { Description = "k0 values of the served rule t = k0 / (k0 + k) (the prior weighing as much as k0 ratings), tried after the --share values.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [NewUserFoldIn.DefaultPriorWeight] };
        var scale = new Option<float[]>("--vector-scale") { Description = "s: the blended profile's vector times s (1 = as served).", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [1f] };
        var beta = new Option<float[]>("--beta") { Description = "β_f values to rank with (default: the card's).", AllowMultipleArgumentsPerToken = true };
        var weight = new Option<float[]>("--item-item-weight") { Description = "w_f values to rank with (default: the card's).", AllowMultipleArgumentsPerToken = true };
        var crossFit = new Option<int>("--cross-fit") { Description = "Fit each user's prior on the other users only, in this many folds (0 = one prior fitted on every trained user, as served).", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("tune-prior", "Measure the fold-in prior from the rated movies on validation's cold-start protocol (never test).")
        {
            model, data, lambda, subset, share, shareK0, scale, beta, weight, crossFit, threads,
        };
        command.SetAction((parse, cancellation) =>
        {
            var folds = parse.GetValue(crossFit);
            var refusal = folds < 0 || folds == 1 ? $"--cross-fit must be 0 (no cross-fitting) or at least 2; got {folds}."
                : parse.GetValue(lambda)!.Any(l => !(l > 0) || !double.IsFinite(l)) ? "--lambda values must be positive finite numbers."
                : parse.GetValue(subset)!.Any(k => k < 1) ? "--subset-size values must be at least 1."
                : parse.GetValue(share)!.Any(t => !(t >= 0 && t <= 1)) ? "--share values must be between 0 and 1."
                : parse.GetValue(shareK0)!.Any(k0 => !(k0 >= 0) || !float.IsFinite(k0)) ? "--share-k0 values must be finite and at least 0."
                : parse.GetValue(scale)!.Any(x => !(x > 0) || !float.IsFinite(x)) ? "--vector-scale values must be positive finite numbers."
                : null;
            if (refusal is not null)
            {
                Console.Error.WriteLine($"error: {refusal}");
                return Task.FromResult(RefusedInput.ExitCode);
            }
            if (!RefusedInput.TryLoad(parse.GetValue(threads), parse.GetValue(model)!, parse.GetValue(data), out var bundle, out var dataset))
                return Task.FromResult(RefusedInput.ExitCode);
            var r = bundle.Card.Ranking;
            var betas = parse.GetValue(beta) is { Length: > 0 } b ? b : [r?.FoldInRatingWeight ?? r?.RatingWeight ?? 0f];
            var ws = parse.GetValue(weight) is { Length: > 0 } w ? w : [r?.FoldInItemItemWeight ?? r?.ItemItemWeight ?? 0f];
            var grid = betas.SelectMany(x => ws.Select(y => (x, y))).ToArray();
            Console.WriteLine("prior\tλ\tk fit\tt\ts\tβ_f\tw_f\tcross-fit\t" + string.Join("\t", ColdStartEvaluation.DefaultRatingCounts.Select(k => $"NDCG@10 k={k}\tΔ vs plain ± se\tRMSE k={k}")) + "\tmean NDCG\tmean RMSE");
            FoldInPriorTuning.Run(bundle, dataset, parse.GetValue(threads), parse.GetValue(lambda)!, parse.GetValue(subset)!,
                [.. parse.GetValue(share)!.Select(PriorShareRule.Fixed), .. parse.GetValue(shareK0)!.Select(PriorShareRule.ByCount)], grid, folds,
                row => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(row.Lambda is null ? "plain" : "movies")}\t{row.Lambda?.ToString(CultureInfo.InvariantCulture) ?? "—"}\t{row.SubsetSize}\t{row.Share}\t{row.VectorScale}\t{row.RatingWeight}\t{row.ItemItemWeight}\t{row.CrossFitFolds}\t{string.Join("\t", row.Results.Select(r => $"{r.Ndcg:0.0000}\t{r.VersusPlain.Mean:+0.0000;-0.0000;0.0000} ± {r.VersusPlain.StandardError:0.0000}\t{r.Rmse:0.0000}"))}\t{row.MeanNdcg:0.0000}\t{row.MeanRmse:0.0000}")),
                cancellation, Console.WriteLine, parse.GetValue(scale));
            return Task.FromResult(0);
        });
        return command;
    }
}
