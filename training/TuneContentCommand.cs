using System.CommandLine;
using System.Globalization;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Training;

/// <summary>
/// <c>tune-content</c>: the content path's recipe chosen on pseudo-new movies (docs/EVALUATION.md, "Item cold start"), never on
/// test: a model with the bundle's recipe is trained with every train and validation rating of the pseudo-new movies
/// (0.10 ≤ u &lt; 0.20) removed, then for each point of the grid a content path is trained on it and the pseudo-new movies are
/// ranked for the users with a validation rating ≥ 4 on one, served from their content rows. The baselines are printed beside.
/// </summary>
internal static class TuneContentCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model bundle folder (its card's recipe trains the tuning model).", DefaultValueFactory = _ => "model" };
        var data = new Option<string?>("--data") { Description = "MovieLens folder (else ML1M_DIR, else ./ml-1m)." };
        var threads = new Option<int>("--threads") { Description = "Threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var tables = new Option<string?>("--tables") { Description = "A .safetensors file for the tuning model's tables: read when it exists, else written after training (saves retraining between grids)." };
        var hidden = new Option<string>("--hidden-grid") { Description = "Content path hidden widths to try, comma-separated.", DefaultValueFactory = _ => "64" };
        var epochs = new Option<string>("--epochs-grid") { Description = "Content path epochs to try.", DefaultValueFactory = _ => "2,4,8" };
        var lr = new Option<string>("--lr-grid") { Description = "Content path learning rates to try.", DefaultValueFactory = _ => "0.005" };
        var share = new Option<string>("--share-grid") { Description = "Replace shares ρ to try.", DefaultValueFactory = _ => "0.2" };
        var perEpoch = new Option<string>("--ratings-per-epoch-grid") { Description = "Most train ratings a content epoch visits (a fresh sample each epoch) to try; 0 = every one.", DefaultValueFactory = _ => "0" };
        var sampledAbove = new Option<long>("--sampled-above") { Description = "Users × movies above which the content path trains with the sampled objective (positives and K log-Q-corrected negatives; docs/MODEL.md, \"Content path\"); 0 = always. The tuning model's tables keep the card's recipe.", DefaultValueFactory = _ => new TrainingOptions().SampledObjectiveAbove };
        var inputs = new Option<ContentInputs>("--inputs") { Description = "What the content path reads: All, Genres or Year (the ablations; the other input is zeroed).", DefaultValueFactory = _ => ContentInputs.All };
        var command = new Command("tune-content", "Choose the content path's recipe on pseudo-new movies held out of a tuning model's training data (validation ratings; never test).")
        {
            model, data, threads, tables, hidden, epochs, lr, share, perEpoch, sampledAbove, inputs,
        };
        command.SetAction((parse, cancellation) =>
        {
            var n = parse.GetValue(threads);
            var reads = parse.GetValue(inputs);
            if (reads is not (ContentInputs.All or ContentInputs.Genres or ContentInputs.Year))
            {
                Console.Error.WriteLine($"error: --inputs must be All, Genres or Year; got {reads}.");
                return Task.FromResult(RefusedInput.ExitCode);
            }
            if (!RefusedInput.TryLoad(n, parse.GetValue(model)!, parse.GetValue(data), out var bundle, out var dataset))
                return Task.FromResult(RefusedInput.ExitCode);
            var card = bundle.Card;
            var split = card.Split.Of(dataset);
            var setup = ItemColdStartSetup.ForTuning(dataset, split);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Pseudo-new movies: {setup.HeldOutCount:N0}; {setup.NewOnly.Users.Count:N0} users with a validation rating ≥ 4 on one; {setup.NewOnly.MeanCandidates:0.0} candidates per user."));
            var recipe = CardRetrainer.Options(card, card.Threads) with { ContentHidden = 0 };
            var shape = TrainingPipeline.ShapeOf(dataset, recipe);
            HybridWeights trained;
            if (parse.GetValue(tables) is { } file && File.Exists(file))
            {
                trained = new HybridWeights(shape);
                trained.LoadStateDict(SafeTensorsFile.Read(file).Tensors);
                Console.WriteLine($"Tuning model's tables read from {file}.");
            }
            else
            {
                Console.WriteLine("Training the tuning model without the pseudo-new movies' train and validation ratings…");
                var mean = (float)setup.Split.Train.Average(i => (double)dataset.Ratings.Rating[i]);
                (_, trained) = TrainingPipeline.TrainNew(shape, dataset, setup.Split, recipe, mean, null, cancellation);
                if (parse.GetValue(tables) is { } target) SafeTensorsFile.Write(target, trained.StateDict());
            }
            var itemItem = ItemColdStartEvaluation.ItemItem(card, setup, n);
            var rankers = new List<(string, string, MovieScores)>();
            foreach (var h in Grid(parse.GetValue(hidden)!, int.Parse))
                foreach (var e in Grid(parse.GetValue(epochs)!, int.Parse))
                    foreach (var l in Grid(parse.GetValue(lr)!, s => float.Parse(s, CultureInfo.InvariantCulture)))
                        foreach (var r in Grid(parse.GetValue(share)!, s => float.Parse(s, CultureInfo.InvariantCulture)))
                        foreach (var cap in Grid(parse.GetValue(perEpoch)!, int.Parse))
                        {
                            var options = CardRetrainer.Options(card, n) with
                            {
                                ContentHidden = h, ContentEpochs = e, ContentLearningRate = l, ContentReplaceShare = r, SampledObjectiveAbove = parse.GetValue(sampledAbove),
                                ContentRatingsPerEpoch = cap > 0 ? cap : int.MaxValue,
                            };
                            var withPath = ContentPathTrainer.Retrain(trained, dataset, setup.Split, options, reads, cancellation: cancellation);
                            var objective = options.UsesSampledObjective(dataset.Users.Count, dataset.Movies.Count) ? $"sampled K {options.SampledNegatives}" : "exact";
                            var name = string.Create(CultureInfo.InvariantCulture, $"hidden {h}, epochs {e}, lr {l}, ρ {r}, {(cap > 0 ? $"≤ {cap:N0} ratings an epoch" : "every rating an epoch")}, reads {reads}, {objective}");
                            var rows = ItemColdStartEvaluation.WithContentRows(withPath, setup.HeldOutMovies, dataset, reads);
                            var row = ItemColdStartEvaluation.Rank(setup.NewOnly, [(name, "", ItemColdStartEvaluation.Served(rows, card, setup, itemItem))], n)[0];
                            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                                $"{name}: validation NDCG@10 {row.Ranking.Ndcg:0.0000} ± {row.NdcgStandardError:0.0000}, P@10 {row.Ranking.Precision:0.0000}, R@10 {row.Ranking.Recall:0.0000}"));
                            // What each head's stand-ins give alone (the served score adds them with the card's β).
                            var scorer = new RatingScorer(rows, card.MinRating, card.MaxRating);
                            if (scorer.HasRelevanceHead)
                                foreach (var (part, scores) in new (string, MovieScores)[] { ("relevance alone", scorer.RelevanceScoreAll), ("r̂ alone", scorer.RawScoreAll) })
                                {
                                    var alone = ItemColdStartEvaluation.Rank(setup.NewOnly, [(part, "", scores)], n)[0];
                                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {part}: validation NDCG@10 {alone.Ranking.Ndcg:0.0000} ± {alone.NdcgStandardError:0.0000}"));
                                }
                        }
            foreach (var row in ItemColdStartEvaluation.Rank(setup.NewOnly,
                [
                    (ItemColdStartEvaluation.RandomName, "", ContentBaselines.Random(ItemColdStartEvaluation.RandomSeed)),
                    (ItemColdStartEvaluation.GenrePopularityName, "", ContentBaselines.GenrePopularity(dataset, setup.Known)),
                    (ItemColdStartEvaluation.ContentProfileName, "", ContentBaselines.ContentProfile(dataset, setup.Known)),
                    (HindsightPopularity.Name, "", HindsightPopularity.Of(dataset)),
                ], n))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Name}: validation NDCG@10 {row.Ranking.Ndcg:0.0000} ± {row.NdcgStandardError:0.0000}, P@10 {row.Ranking.Precision:0.0000}, R@10 {row.Ranking.Recall:0.0000}"));
            return Task.FromResult(0);
        });
        return command;
    }

    private static IEnumerable<T> Grid<T>(string values, Func<string, T> parse) =>
        values.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse);
}
