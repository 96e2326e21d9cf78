using System.CommandLine;
using System.Globalization;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Training;

/// <summary>
/// <c>tune-served</c>: the served score's two validation choices made on a committed bundle without retraining (never test):
/// the fold-in weights (β_f, w_f) on validation's cold-start protocol over <see cref="TrainingPipeline.FoldInBlendGrid"/> ×
/// <see cref="TrainingPipeline.FoldInItemItemWeightGrid"/>, written into the card with <c>--out</c>; and the variety table on
/// validation at raw strengths δ, ν, from which <see cref="VarietyReranker.NoveltyMidpoint"/> is read (docs/EVALUATION.md §6b).
/// </summary>
internal static class TuneServedCommand
{
    public static readonly IReadOnlyList<(float Diversity, float Novelty)> StrengthGrid =
        [(0f, 0f), (0.25f, 0f), (0.5f, 0f), (0.75f, 0f), (0.9f, 0f), (0f, 0.5f), (0f, 0.55f), (0f, 0.6f), (0f, 0.65f), (0f, 0.7f), (0f, 0.75f)];

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model bundle folder.", DefaultValueFactory = _ => "model" };
        var data = new Option<string?>("--data") { Description = "MovieLens folder (else ML1M_DIR, else ./ml-1m)." };
        var output = new Option<string?>("--out") { Description = "Write the bundle with the chosen fold-in weights in its card to this folder (else print only)." };
        var threads = new Option<int>("--threads") { Description = "Threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("tune-served", "Choose the fold-in weights and print the variety strengths' trade-off on the validation split (never test).")
        {
            model, data, output, threads,
        };
        command.SetAction((parse, cancellation) =>
        {
            if (!RefusedInput.TryLoad(parse.GetValue(threads), parse.GetValue(model)!, parse.GetValue(data), out var bundle, out var dataset))
                return Task.FromResult(RefusedInput.ExitCode);
            if (bundle.Card.Ranking is not { } card)
            {
                Console.Error.WriteLine("error: the bundle has no ranking card (no relevance head): nothing to tune.");
                return Task.FromResult(RefusedInput.ExitCode);
            }
            var n = parse.GetValue(threads);
            var split = bundle.Card.Split.Of(dataset);
            var served = bundle.Ranking;
            var train = ImplicitFeedback.FromRatings(dataset.Ratings, split.Train, dataset.Users.Count, dataset.Movies.Count);

            var protocol = RankingProtocol.CreateForValidation(dataset.Ratings, split, dataset.Users.Count, dataset.Movies.Count);
            Console.WriteLine("Variety on validation, by strength (δ, ν): NDCG@10, coverage, × the plain lists' coverage");
            var points = VarietyTradeOff.Measure(protocol, (u, s) => served.ScoreAll(u, train.MoviesOf(u), s), new VarietyReranker(bundle.Scorer, train.Counts),
                train.Counts, CatalogueMetrics.DefaultLongTailThreshold, n, StrengthGrid, cancellation, strengths: true);
            var plain = points[0];
            foreach (var p in points)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"δ {p.Diversity}\tν {p.Novelty}\tNDCG@10 {p.Ranking.Ndcg:0.0000}\t(Δ {p.Ranking.Ndcg - plain.Ranking.Ndcg:+0.0000;-0.0000})\tcoverage {p.Catalogue.Coverage:P1}\t{p.Catalogue.Coverage / plain.Catalogue.Coverage:0.00}×\tILS {p.IntraListSimilarity:0.000}"));

            var trained = new RankingValidationPoint(card.RatingWeight, 0, 0, 0, card.ItemItemLambda, card.ItemItemWeight);
            var (best, foldIn) = TrainingPipeline.TuneFoldIn(bundle.Scorer, dataset, split, n, served.ItemItem, trained,
                TrainingPipeline.FoldInBlendGrid, served.ItemItem is null ? [0f] : TrainingPipeline.FoldInItemItemWeightGrid.Prepend(0f).ToArray(), Console.WriteLine);
            if (best is null) { Console.WriteLine("No validation user reaches k = 5: the fold-in weights stay the trained ones."); return Task.FromResult(0); }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Chosen fold-in weights (best mean validation NDCG@10 over k = 5, 10, 20): β_f = {best.RatingWeight}, w_f = {best.ItemItemWeight} (NDCG {best.Ndcg:0.0000}; the card's: β_f = {card.FoldInRatingWeight}, w_f = {card.FoldInItemItemWeight})."));
            if (parse.GetValue(output) is { } folder2)
            {
                var ranking = card with { FoldInRatingWeight = best.RatingWeight, FoldInItemItemWeight = best.ItemItemWeight, FoldInValidation = foldIn };
                new ModelBundle(bundle.Card with { Ranking = ranking }, bundle.Network, bundle.Movies, bundle.RatedByUser, bundle.LikedByUser).Save(folder2);
                Console.WriteLine($"Wrote {Path.GetFullPath(folder2)} (the card's fold-in weights; weights, catalogue, rated and liked movies unchanged).");
            }
            return Task.FromResult(0);
        });
        return command;
    }
}
