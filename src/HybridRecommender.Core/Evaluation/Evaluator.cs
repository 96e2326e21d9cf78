using System.Globalization;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// Evaluates a model bundle against the baselines on the bundle's own test set: checks the data is
/// the training data, reproduces the split from the card, measures rating accuracy and top-k ranking
/// for the hybrid, the bias-only baseline, popularity, the global mean, EASE^R (ranking only, λ chosen on
/// validation) and (optionally) the hybrid retrained without genres, with catalogue coverage and long-tail
/// share of every model's top-k lists, and checks the hybrid's accuracy equals the card's to the bit.
/// </summary>
public static class Evaluator
{
    public const string HybridName = "hybrid";
    public const string BiasOnlyName = "biasOnly";
    public const string GlobalMeanName = "globalMean";
    public const string PopularityName = "popularity";
    public const string NoGenresName = "hybridWithoutGenres";
    public const string EaseName = "ease";
    /// <summary>The relevance head (or the card's blend): the order /recommend serves. Ratings still come from the rating head.</summary>
    public const string RelevanceName = "hybridRelevance";
    public const string RelevanceNoGenresName = "hybridRelevanceWithoutGenres";

    public static EvaluationReport Run(ModelBundle bundle, MovieLensDataset data, EvaluationOptions options,
        Action<string>? status = null, IRecipeTrainer? retrainer = null, ITrainingProgress? ablationProgress = null, CancellationToken cancellation = default)
    {
        var card = bundle.Card;
        if (!card.Test.ContainsKey(HybridName))
            throw new ArgumentException($"The model card records no '{HybridName}' test figures to reproduce; retrain with `dotnet run --project training`.");
        var verified = BundleDataCheck.Verify(card, data, options.DataFolder);
        var split = card.Split.Of(data);
        if (split.Train.Length != card.Split.Train || split.Validation.Length != card.Split.Validation || split.Test.Length != card.Split.Test)
            throw new DataMismatchException(
                $"The reproduced split has {split.Train.Length:N0} / {split.Validation.Length:N0} / {split.Test.Length:N0} train / validation / test ratings; " +
                $"the card records {card.Split.Train:N0} / {card.Split.Validation:N0} / {card.Split.Test:N0}.");
        var reproduced = new ReproducedSplit(split.Seed, split.TestFraction, split.ValidationFraction, split.Train.Length, split.Validation.Length, split.Test.Length);

        var ratings = data.Ratings;
        var users = data.Users.Count;
        var movies = data.Movies.Count;
        var bias = BiasBaseline.Fit(ratings, split.Train, users, movies, card.MinRating, card.MaxRating);
        var popularity = PopularityPredictor.Fit(ratings, split.Train, movies);
        var mean = new GlobalMeanPredictor((float)split.Train.Average(i => (double)ratings.Rating[i]));
        var allUsers = RankingProtocol.Create(ratings, split, users, movies, options.K, options.RelevanceThreshold);
        var protocol = ValidationSample.Of(allUsers, options.MaxRankedUsers, card.Split.Seed);
        var train = ImplicitFeedback.FromRatings(ratings, split.Train, users, movies);
        // Cold start and variety fold in or re-rank each user over the whole catalogue: at scale, fewer of them.
        var foldInUsers = ValidationSample.Of(protocol, ValidationSample.FoldInUsers(movies, options.MaxRankedUsers), card.Split.Seed);
        var scale = new List<string>();
        if (protocol.Users.Count < allUsers.Users.Count)
            scale.Add($"At scale: the lists are ranked for a fixed sample of {protocol.Users.Count:N0} of the {allUsers.Users.Count:N0} test users with a relevant movie (seeded by the split's seed; --max-users {options.MaxRankedUsers:N0}), because ranking every user over {movies:N0} movies costs users × movies; RMSE and MAE are over every test rating.");
        if (foldInUsers.Users.Count < protocol.Users.Count)
            scale.Add($"At scale: cold start and variety use {foldInUsers.Users.Count:N0} of the ranked users (each fold-in's relevance term costs movies × d², so users × movies is capped at {ValidationSample.FoldInBudget:N0}).");
        var items = Enumerable.Range(0, movies).Count(m => train.CountOf(m) > 0);

        var models = new List<ModelEvaluation>();
        ModelEvaluation Measure(string name, string description, IRatingPredictor? predictor, MovieScores? scores)
        {
            cancellation.ThrowIfCancellationRequested();
            status?.Invoke($"Evaluating {name}…");
            var accuracy = predictor is null ? (AccuracyMetrics?)null : AccuracyMetrics.Of(AccuracyMetrics.Predict(predictor, ratings, split.Test));
            var lists = scores is null ? null : protocol.Rank(scores, options.Threads);
            var ranking = lists is null ? (RankingScores?)null : RankingMetrics.Of(lists, protocol.K);
            var catalogue = lists is null ? (CatalogueScores?)null : CatalogueMetrics.Of(lists, protocol.K, movies, train.Counts, options.LongTailThreshold);
            var result = new ModelEvaluation(name, description, accuracy, ranking, lists?.Count(l => l.CutoffTied) ?? 0, catalogue,
                lists is null ? null : RankingMetrics.NdcgPerList(lists, protocol.K));
            models.Add(result);
            return result;
        }

        var scorer = bundle.Scorer;
        var hybrid = Measure(HybridName, scorer.HasRelevanceHead
                ? $"hybrid network (the bundle), rating head alone: ranked by r̂ — for comparison; /recommend serves {RelevanceName}"
                : "hybrid network (the bundle), rating head: ranked by r̂ — the order /recommend serves",
            scorer, scorer.RawScoreAll);
        var blend = card.Ranking?.RatingWeight ?? 0f;
        status?.Invoke("The served ranking (its item–item term is fitted when the bundle first ranks)…");
        var served = bundle.Ranking;
        var relevance = scorer.HasRelevanceHead
            ? Measure(RelevanceName, RankingDescription(card) + " — the order /recommend serves", scorer, (u, s) => served.ScoreAll(u, train.MoviesOf(u), s))
            : null;
        IReadOnlyList<VarietyPoint>? variety = null;
        if (relevance is not null)
        {
            status?.Invoke("Variety: the served lists re-ranked at a few diversity / novelty settings…");
            variety = VarietyTradeOff.Measure(foldInUsers, (u, s) => served.ScoreAll(u, train.MoviesOf(u), s), new VarietyReranker(scorer, train.Counts),
                train.Counts, options.LongTailThreshold, options.Threads, cancellation: cancellation);
        }
        Measure(BiasOnlyName, "μ + b_u + b_i (ALS on train)", bias, RankingProtocol.FromPredictor(bias));
        var pop = Measure(PopularityName, $"IMDb weighted rating (m = {popularity.MinimumVotes.ToString("0.#", CultureInfo.InvariantCulture)})",
            popularity, RankingProtocol.FromPredictor(popularity));
        Measure(GlobalMeanName, "train mean for every pair (cannot rank)", mean, null);

        EaseLambdaChoice? easeChoice = null;
        ModelEvaluation? ease = null;
        if (EaseRanker.Fits(train, options.EaseMaxItems))
        {
            status?.Invoke("EASE: Gram matrix of the train positives, then λ chosen on validation…");
            var (gram, gramSeconds) = EaseLambdaSearch.Gram(train, options.Threads);
            var validation = ValidationSample.Of(RankingProtocol.CreateForValidation(ratings, split, users, movies, options.K, options.RelevanceThreshold),
                options.MaxRankedUsers, card.Split.Seed);
            (var easeRanker, easeChoice) = EaseLambdaSearch.Run(gram, options.EaseLambdaGrid, validation, options.Threads, gramSeconds,
                t => status?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"  EASE λ = {t.Lambda:0.###}: validation NDCG@{validation.K} {t.Validation.Ndcg:0.0000}, fit {t.FitSeconds:0.00} s")),
                cancellation);
            ease = Measure(EaseName, string.Create(CultureInfo.InvariantCulture,
                $"EASE^R on train positives, λ = {easeChoice.Lambda:0.###} (validation NDCG@{validation.K}), {gram.Items:N0} items; ranks only"),
                null, easeRanker.ScoreUser);
        }
        else
        {
            scale.Add($"At scale: EASE^R skipped: {items:N0} movies have a train positive, above its limit of {options.EaseMaxItems:N0} (its dense items × items matrices would take {3 * 8.0 * items * items / 1e9:0.#} GB).");
            status?.Invoke(scale[^1]);
        }
        IReadOnlyList<ColdStartResult>? coldStart = null;
        if (options.ColdStart)
        {
            status?.Invoke("Cold start: folding in the ranked users from k of their training ratings…");
            var sample = ColdStartSample.Create(ratings, split.Train, foldInUsers.Users, options.ColdStartSeed);
            // Each user's fold-in prior is fitted without their own trained row, as a really new user's is (CrossFittedPriors).
            var priors = CrossFittedPriors.Fit(train, scorer, threads: options.Threads);
            coldStart = options.ColdStartRatings
                .Select(k => ColdStartEvaluation.Measure(served, FoldInOptions.Default, ratings, split.Test, foldInUsers, sample, popularity, k, options.Threads, train, cancellation, priors.For))
                .ToArray();
        }

        TrainingRun? ablationRun = null;
        ModelEvaluation? noGenres = null;
        ModelEvaluation? relevanceNoGenres = null;
        if (options.Ablation)
        {
            if (retrainer is null) throw new ArgumentException("The genre ablation retrains the network: pass a trainer, or turn the ablation off.");
            status?.Invoke("Training the hybrid without genres (same recipe, same split)…");
            var (ablated, run) = retrainer.Train(card, GenreAblation.WithoutGenres(data), split,
                options.AblationThreads ?? card.Threads, ablationProgress, cancellation);
            ablationRun = run;
            noGenres = Measure(NoGenresName, $"same recipe, genre width 0 (best epoch {run.BestEpoch}), rating head", ablated, ablated.RawScoreAll);
            if (ablated.HasRelevanceHead)
            {
                // The served score with the ablated network in place of the bundle's (the item–item term has no genres to remove).
                var ablatedServed = new ServedRanking(ablated, blend, served.ItemItem, served.ItemItemWeight, served.FoldInRatingWeight, served.FoldInItemItemWeight);
                relevanceNoGenres = Measure(RelevanceNoGenresName, $"same recipe, genre width 0, {RankingDescription(card)}", ablated,
                    (u, s) => ablatedServed.ScoreAll(u, train.MoviesOf(u), s));
            }
        }

        ItemColdStartReport? itemColdStart = null;
        // It trains a model without the new movies' ratings: only with a trainer, and for a recipe with a content path.
        if (options.ItemColdStart && card.ContentPath is not null && retrainer is not null)
        {
            itemColdStart = ItemColdStartEvaluation.Measure(card, data, split, retrainer, options.Threads, options.AblationThreads ?? card.Threads,
                status, ablationProgress, cancellation);
        }

        var checks = models.Where(m => card.Test.ContainsKey(m.Name)).ToDictionary(m => m.Name, m =>
        {
            var c = card.Test[m.Name];
            var a = m.Accuracy!.Value; // the card records rating predictors only
            return new CardReproduction(c.Rmse, c.Mae, c.Count, a.Rmse, a.Mae, a.Count);
        });
        var hybridCheck = checks[HybridName];
        return new EvaluationReport
        {
            Protocol = [.. EvaluationProtocol.Describe(reproduced, options.K, options.RelevanceThreshold, options.LongTailThreshold),
                .. coldStart is null ? Array.Empty<string>() : [ColdStartEvaluation.Describe(options.ColdStartRatings, options.ColdStartSeed, FoldInOptions.Default)],
                .. itemColdStart is null ? Array.Empty<string>() : [ItemColdStartEvaluation.Describe()],
                .. scale],
            Split = reproduced,
            VerifiedFiles = verified,
            K = options.K,
            RelevanceThreshold = options.RelevanceThreshold,
            RankedUsers = protocol.Users.Count,
            RelevantTestRatings = protocol.RelevantCount,
            RelevantLongTailTestRatings = protocol.RelevantCountWhere(m => train.Counts[m] < options.LongTailThreshold),
            MeanCandidates = protocol.MeanCandidates,
            PopularityMinimumVotes = popularity.MinimumVotes,
            PopularityMean = popularity.Mean,
            Ease = easeChoice,
            CatalogueSize = movies,
            MoviesWithTrainingRatings = items,
            LongTailThreshold = options.LongTailThreshold,
            Models = models,
            Hybrid = hybridCheck,
            CardChecks = checks,
            Ablation = ablationRun,
            ColdStart = coldStart,
            Variety = variety,
            ItemColdStart = itemColdStart,
            Findings = itemColdStart is null || itemColdStart.Users < 2 ? FindingsOf(coldStart, options, hybrid, models, pop, ease, noGenres, relevance, relevanceNoGenres)
                : [.. FindingsOf(coldStart, options, hybrid, models, pop, ease, noGenres, relevance, relevanceNoGenres), .. ItemColdStartEvaluation.Findings(itemColdStart, options.K)],
        };
    }

    private static IReadOnlyList<string> FindingsOf(IReadOnlyList<ColdStartResult>? coldStart, EvaluationOptions options, ModelEvaluation hybrid,
        List<ModelEvaluation> models, ModelEvaluation pop, ModelEvaluation? ease, ModelEvaluation? noGenres, ModelEvaluation? relevance, ModelEvaluation? relevanceNoGenres) =>
            coldStart is not null && ColdStartEvaluation.Finding(coldStart, options.K) is { } coldFinding
                ? [.. EvaluationFindings.Compare(hybrid, models.Single(m => m.Name == BiasOnlyName), pop, ease, noGenres, options.K, relevance, relevanceNoGenres), coldFinding]
                : EvaluationFindings.Compare(hybrid, models.Single(m => m.Name == BiasOnlyName), pop, ease, noGenres, options.K, relevance, relevanceNoGenres);

    private static string RankingDescription(ModelCard card) => card.Ranking is { } r
        ? "relevance head" + (r.RatingWeight > 0 ? string.Create(CultureInfo.InvariantCulture, $" + {r.RatingWeight}·r̂") : "")
            + (r is { ItemItemLambda: { } l, ItemItemWeight: > 0 } ? string.Create(CultureInfo.InvariantCulture, $" + {r.ItemItemWeight}·item–item (EASE^R λ = {l}, train movies as input)") : "")
            + " (weights chosen on validation), ratings from the rating head"
        : "relevance head (softmax over the catalogue), ratings from the rating head";
}
