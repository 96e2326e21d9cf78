using System.CommandLine;
using System.Globalization;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Training;

/// <summary>
/// <c>tune-prior</c>: the fold-in prior of users with no trained row (<see cref="RatedMoviesPrior"/>: λ, the subset size k of
/// its fit, fold-in's λ_p with it) on validation's cold-start protocol (<see cref="FoldInPriorTuning"/>; never test). Prints one
/// line per setting with each k's NDCG@10 and its paired difference to the zero prior ± the standard error over users.
/// </summary>
internal static class TunePriorCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model bundle folder.", DefaultValueFactory = _ => "model" };
        var data = new Option<string?>("--data") { Description = "MovieLens folder (else ML1M_DIR, else ./ml-1m)." };
        var lambda = new Option<double[]>("--lambda") { Description = "Ridge λ values of the prior to try.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [RatedMoviesPrior.DefaultLambda] };
        var subset = new Option<int[]>("--subset-size") { Description = "k of the prior's fit (the mean over random k of a user's train movies predicts their row).", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [RatedMoviesPrior.DefaultSubsetSize] };
        var vector = new Option<float[]>("--vector-penalty") { Description = "Fold-in λ_p values to try with the prior.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [FoldInOptions.Default.VectorPenalty] };
        var crossFit = new Option<int>("--cross-fit") { Description = "Fit each user's prior on the other users only, in this many folds (0 = one prior fitted on every trained user, as served).", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("tune-prior", "Measure the fold-in prior from the rated movies on validation's cold-start protocol (never test).")
        {
            model, data, lambda, subset, vector, crossFit, threads,
        };
        command.SetAction((parse, cancellation) =>
        {
            if (!RefusedInput.TryLoad(parse.GetValue(threads), parse.GetValue(model)!, parse.GetValue(data), out var bundle, out var dataset))
                return Task.FromResult(RefusedInput.ExitCode);
            if (parse.GetValue(crossFit) is var folds && (folds < 0 || folds == 1))
            {
                Console.Error.WriteLine($"error: --cross-fit must be 0 (no cross-fitting) or at least 2; got {folds}.");
                return Task.FromResult(RefusedInput.ExitCode);
            }
            Console.WriteLine("prior\tλ\tk fit\tλ_p\tcross-fit\t" + string.Join("\t", ColdStartEvaluation.DefaultRatingCounts.Select(k => $"NDCG@10 k={k}\tΔ vs zero ± se")) + "\tmean NDCG");
            FoldInPriorTuning.Run(bundle, dataset, parse.GetValue(threads), parse.GetValue(lambda)!, parse.GetValue(subset)!, parse.GetValue(vector)!, folds,
                row => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(row.Lambda is null ? "zero" : "movies")}\t{row.Lambda?.ToString(CultureInfo.InvariantCulture) ?? "—"}\t{row.SubsetSize}\t{row.VectorPenalty}\t{row.CrossFitFolds}\t{string.Join("\t", row.Results.Select(r => $"{r.Ndcg:0.0000}\t{r.VersusZero.Mean:+0.0000;-0.0000} ± {r.VersusZero.StandardError:0.0000}"))}\t{row.MeanNdcg:0.0000}")),
                cancellation);
            return Task.FromResult(0);
        });
        return command;
    }
}
