using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Training.Model;

namespace HybridRecommender.Training;

/// <summary>What a whole training run produced.</summary>
public sealed record TrainingOutcome(ModelBundle Bundle, TrainingRun Run, RatingsSplit Split, IReadOnlyDictionary<string, AccuracyMetrics> Test);

/// <summary>
/// Split → train → test once → bundle. The test ratings are used only after training has finished,
/// for the reported figures (hybrid network and the two baselines on the same split).
/// </summary>
public static class TrainingPipeline
{
    public const string HybridName = Evaluator.HybridName;
    public const string GlobalMeanName = Evaluator.GlobalMeanName;
    public const string BiasOnlyName = Evaluator.BiasOnlyName;

    public static TrainingOutcome Run(MovieLensDataset data, TrainingOptions options, IReadOnlyDictionary<string, string> fingerprint,
        ITrainingProgress? progress = null, CancellationToken cancellation = default, Action<string>? status = null)
    {
        options.Validate();
        var split = RatingsSplit.Create(data, options.Seed);
        if (split.Train.Length == 0 || split.Validation.Length == 0 || split.Test.Length == 0)
            throw new ArgumentException($"The dataset is too small to split: {split.Train.Length} train, {split.Validation.Length} validation, {split.Test.Length} test ratings.");
        var ratings = data.Ratings;
        var (min, max) = RatingScale.Of(data);
        var mean = (float)split.Train.Average(i => (double)ratings.Rating[i]);

        var shape = ShapeOf(data, options);
        var (run, weights) = TrainNew(shape, data, split, options, mean, progress, cancellation, status);
        var scorer = new RatingScorer(weights, min, max);
        var ranking = shape.Relevance ? TuneBlend(scorer, data, split, options, status) : null;

        // The test set, touched once.
        var bias = BiasBaseline.Fit(ratings, split.Train, shape.Users, shape.Movies, min, max);
        var test = new Dictionary<string, AccuracyMetrics>
        {
            [HybridName] = AccuracyMetrics.Of(AccuracyMetrics.Predict(scorer, ratings, split.Test)),
            [BiasOnlyName] = AccuracyMetrics.Of(AccuracyMetrics.Predict(bias, ratings, split.Test)),
            [GlobalMeanName] = AccuracyMetrics.Of(AccuracyMetrics.Predict(new GlobalMeanPredictor(mean), ratings, split.Test)),
        };

        var genresPerMovie = data.MovieGenreMask.Average(m => (double)System.Numerics.BitOperations.PopCount(m));
        var macs = shape.ForwardMultiplyAddsPerRating(genresPerMovie);
        var reg = options.Regularisation;
        var card = new ModelCard
        {
            Architecture = new ArchitectureCard(shape.Users, shape.Movies, shape.Genres, shape.Dim, shape.Hidden.ToArray(),
                weights.ParameterCount, macs, 6 * macs, shape.Relevance ? Formula + "; " + RelevanceFormula : Formula, shape.Relevance),
            Hyperparameters = new HyperparametersCard(options.Epochs, options.BatchSize, options.LearningRate, options.LearningRateDecay,
                reg.Embedding, reg.Bias, reg.Dense, reg.Dropout, options.EmbeddingInitStd, options.Seed, options.Patience, Optimizer(options, shape),
                options.AbsoluteErrorWeight, MlpPrecisions.Name(CpuBFloat16.Resolve(options, shape))),
            Split = new SplitCard(split.Seed, split.TestFraction, split.ValidationFraction, split.Train.Length, split.Validation.Length, split.Test.Length,
                "x = SplitMix64((userId<<32 | movieId) XOR SplitMix64(seed)) >> 11 scaled to [0,1); x < test → test; x < test + validation·(1−test) → validation; else train"),
            Data = new DataCard(data.Layout.ToString(), ratings.Count, data.Users.Count, data.Movies.Count, fingerprint),
            GlobalMean = mean,
            MinRating = min,
            MaxRating = max,
            Genres = data.Genres.Names.ToArray(),
            UserIds = data.UserIds.Ids.ToArray(),
            MovieIds = data.MovieIds.Ids.ToArray(),
            Epochs = run.Epochs,
            BestEpoch = run.BestEpoch,
            StoppedEarly = run.StoppedEarly,
            Test = test.ToDictionary(kv => kv.Key, kv => new MetricsCard(kv.Value.Rmse, kv.Value.Mae, kv.Value.Count)),
            TrainingSeconds = run.Seconds,
            TrainedAt = DateTimeOffset.UtcNow,
            Threads = options.Threads,
            Ranking = ranking,
            ContentPath = weights.ContentTower is null ? null
                : new ContentPathCard(options.ContentHidden, options.ContentEpochs, options.ContentLearningRate, options.ContentReplaceShare, options.ContentL2, ContentFeatures.YearBucketStarts.ToArray(), options.ContentRatingsPerEpoch),
        };
        var bundle = new ModelBundle(card, weights, Catalogue(data, split), RatedByUser(data), LikedMovies.ByUser(data));
        return new TrainingOutcome(bundle, run, split, test);
    }

    /// <summary>The network <paramref name="options"/> build for <paramref name="data"/>: its users, movies and genres, the options' widths and relevance head.</summary>
    public static HybridNetworkShape ShapeOf(MovieLensDataset data, TrainingOptions options) =>
        new(data.Users.Count, data.Movies.Count, data.Genres.Count, options.Dim, options.Hidden, options.RelevanceWeight > 0);

    /// <summary>The card's words for the optimiser and objective the run used (exact, or sampled above --sampled-above).</summary>
    public static string Optimizer(TrainingOptions options, HybridNetworkShape shape) =>
        options.UsesSampledObjective(shape.Users, shape.Movies)
            ? $"lazy row Adam on the table rows each batch touches{(options.OverlapRowUpdates ? " (applied while the next batch runs: it reads its rows one row update behind)" : "")} + torch.optim.Adam on the dense weights (TorchSharp), β1 0.9, β2 0.999, ε 1e-8; ExponentialLR per epoch; " +
              (shape.Relevance ? $"relevance head: sampled softmax, K = {options.SampledNegatives} negatives per batch from Q ∝ (n + 1)^{PopularityNegativeSampler.Smoothing}, log-Q corrected, λ_r on touched rows" : "no relevance head") +
              $" (users × movies above --sampled-above {options.SampledObjectiveAbove})" + Precision(options, shape)
            : "torch.optim.Adam (TorchSharp), β1 0.9, β2 0.999, ε 1e-8; ExponentialLR per epoch" + Precision(options, shape);

    private static string Precision(TrainingOptions options, HybridNetworkShape shape) =>
        CpuBFloat16.Resolve(options, shape) == MlpPrecision.BFloat16 ? "; MLP matrix products in bfloat16 (float32 weights)" : "";

    /// <summary>
    /// Builds and initialises a TorchSharp network for <paramref name="shape"/> (seeded), trains it with
    /// validation early stopping and returns the best epoch's weights. The one place a network is made.
    /// </summary>
    public static (TrainingRun Run, HybridWeights Best) TrainNew(HybridNetworkShape shape, MovieLensDataset data, RatingsSplit split,
        TrainingOptions options, float globalMean, ITrainingProgress? progress, CancellationToken cancellation, Action<string>? status = null)
    {
        // libtorch's random generator and thread pool are process-wide: one training at a time, or seeds would not reproduce.
        lock (TorchRuntime.ProcessWide)
        {
            TorchRuntime.Configure(options);
            TorchSharp.torch.manual_seed(options.Seed);
            using var network = new HybridNetwork(shape, options.Regularisation.Dropout);
            network.Initialise(globalMean, options.EmbeddingInitStd);
            var genres = new HybridWeights(shape);
            genres.SetMovieGenres(data.MovieGenreMask);
            network.SetMovieGenres(genres.MovieGenres.Data);
            var (run, best) = new Trainer(options).Train(network, data, split, progress, cancellation);
            if (options.ContentHidden == 0) return (run, best);
            // The content path learns to stand in for the trained rows, which it leaves as they are (docs/MODEL.md, "Content path").
            ContentPathTrainer.Train(network, data, split, options, status: status, cancellation: cancellation);
            return (run, StateDictTransfer.ToWeights(network));
        }
    }

    /// <summary>Blend weights β of score = relevance + β·r̂_raw + w·item–item tried on validation (0 = no r̂).</summary>
    public static readonly float[] BlendGrid = [0f, 0.5f, 1f, 2f];

    /// <summary>Item–item weights w tried on validation (0, no item–item term, is always tried too).</summary>
    public static readonly float[] ItemItemWeightGrid = [2f, 4f, 8f, 16f];

    /// <summary>EASE^R λ of the item–item term tried on validation (EASE's own validation choice on ML-1M is 1500; in the blend 750 beat 1500 and 3000 on validation, so the grid reaches below).</summary>
    public static readonly double[] ItemItemLambdaGrid = [400, 750, 1500];

    /// <summary>
    /// Chooses the ranking score on validation (relevant = validation ratings ≥ 4, train movies excluded; never test):
    /// every (β, w, λ) of the grids, scored through <see cref="ServedRanking"/> — the class the API and evaluate rank with —
    /// with the user's train movies as the item–item input; the best NDCG@10 wins, the earlier point on a tie (w = 0 first, then smaller λ, w, β).
    /// </summary>
    public static RankingCard TuneBlend(RatingScorer scorer, MovieLensDataset data, RatingsSplit split, TrainingOptions options, Action<string>? status = null)
    {
        var all = RankingProtocol.CreateForValidation(data.Ratings, split, data.Users.Count, data.Movies.Count);
        var protocol = ValidationSample.Of(all, options.ValidationUsersFor(data.Movies.Count), options.Seed);
        if (protocol.Users.Count < all.Users.Count)
            status?.Invoke($"  ranking weights chosen on a fixed sample of {protocol.Users.Count:N0} of the {all.Users.Count:N0} validation users (--validation-users)");
        var train = ImplicitFeedback.FromRatings(data.Ratings, split.Train, data.Users.Count, data.Movies.Count);
        var points = new List<RankingValidationPoint>();
        RankingValidationPoint Measure(ServedRanking ranking, double? lambda)
        {
            var r = protocol.Evaluate((u, s) => ranking.ScoreAll(u, train.MoviesOf(u), s), options.Threads);
            var point = new RankingValidationPoint(ranking.RatingWeight, r.Precision, r.Recall, r.Ndcg, lambda, ranking.ItemItemWeight);
            status?.Invoke(FormattableString.Invariant($"  ranking β = {point.RatingWeight}, w = {point.ItemItemWeight}, λ = {lambda?.ToString() ?? "—"}: validation NDCG@10 {point.Ndcg:0.0000}"));
            points.Add(point);
            return point;
        }
        foreach (var beta in BlendGrid) Measure(new ServedRanking(scorer, beta, null, 0f), null);
        var fitted = new Dictionary<double, EaseRanker>();
        if (EaseRanker.Fits(train))
        {
            status?.Invoke("  item–item (EASE^R) term: Gram matrix of the train positives, one fit per λ…");
            var gram = EaseGram.Of(train, options.Threads);
            foreach (var lambda in ItemItemLambdaGrid)
            {
                var ease = fitted[lambda] = EaseRanker.Fit(gram, lambda, options.Threads);
                foreach (var w in ItemItemWeightGrid)
                    foreach (var beta in BlendGrid)
                        Measure(new ServedRanking(scorer, beta, ease, w), lambda);
            }
        }
        else
            status?.Invoke($"  item–item (EASE^R) term skipped: more than {EaseRanker.MaxItems:N0} movies have a train positive (its dense Gram matrix would not fit)");
        var best = points.Aggregate((a, b) => b.Ndcg > a.Ndcg ? b : a);
        var foldIn = TuneFoldIn(scorer, data, split, options, best.ItemItemLambda is { } l ? fitted[l] : null, best, status);
        var score = "relevance" + (best.RatingWeight == 0 ? "" : FormattableString.Invariant($" + {best.RatingWeight}·r̂ (unclamped)"))
            + (best.ItemItemWeight == 0 ? "" : FormattableString.Invariant($" + {best.ItemItemWeight}·item–item (EASE^R, λ = {best.ItemItemLambda}, of the rated movies)"));
        return new RankingCard(options.RelevanceWeight, options.RelevanceL2, best.RatingWeight, score, points,
            best.ItemItemWeight == 0 ? null : best.ItemItemLambda, best.ItemItemWeight,
            foldIn.Best?.RatingWeight, foldIn.Best?.ItemItemWeight, foldIn.Points);
    }

    /// <summary>
    /// The weights (β_f, w_f) for users with no trained row, on validation's cold-start protocol (docs/EVALUATION.md §6 one level
    /// down: seen = train, relevant = validation ratings ≥ 4): the validation users are folded in from k = 5, 10, 20 of their train
    /// ratings (seed 7, default fold-in options) as the API folds in a new user (<see cref="NewUserFoldIn"/>: the plain fit moved towards
    /// the prior of their movies, fitted here without their own row), ranked through <see cref="ServedRanking"/> with the k movies as the
    /// item–item input, and the (β_f, w_f) with the best NDCG@10 averaged over the three k wins (the earlier on a tie). λ is the
    /// trained users' (one B serves everyone); without an item–item term w_f is 0.
    /// A profile fitted to 5–20 ratings is a different input from a trained row, so its best shares differ.
    /// </summary>
    public static (RankingValidationPoint? Best, IReadOnlyList<RankingValidationPoint>? Points) TuneFoldIn(RatingScorer scorer, MovieLensDataset data,
        RatingsSplit split, TrainingOptions options, EaseRanker? ease, RankingValidationPoint trained, Action<string>? status)
    {
        var weightGrid = ease is null ? [0f] : FoldInItemItemWeightGrid.Prepend(0f).ToArray();
        return TuneFoldIn(scorer, data, split, options.Threads, ease, trained, FoldInBlendGrid, weightGrid, status,
            ValidationSample.FoldInUsers(data.Movies.Count, options.ValidationUsersFor(data.Movies.Count)), options.Seed);
    }

    /// <summary>β_f tried for folded-in users: finer than <see cref="BlendGrid"/> (a profile fitted to 5–20 ratings wants a small share of r̂; `tune-served` searched 0–2).</summary>
    public static readonly float[] FoldInBlendGrid = [0f, 0.25f, 0.5f, 0.75f, 1f, 1.5f, 2f];

    /// <summary>w_f tried for folded-in users (0 is always tried too): finer than <see cref="ItemItemWeightGrid"/> around the coarse grid's pick (4).</summary>
    public static readonly float[] FoldInItemItemWeightGrid = [1f, 2f, 3f, 4f, 5f, 6f, 8f, 12f, 16f];

    /// <summary>The fold-in weight search over the given grids (the training run's and `tune-served`'s).</summary>
    public static (RankingValidationPoint? Best, IReadOnlyList<RankingValidationPoint>? Points) TuneFoldIn(RatingScorer scorer, MovieLensDataset data,
        RatingsSplit split, int threads, EaseRanker? ease, RankingValidationPoint trained, IReadOnlyList<float> blendGrid,
        IReadOnlyList<float> itemItemWeightGrid, Action<string>? status, int maxUsers = int.MaxValue, int seed = 0)
    {
        var ratings = data.Ratings;
        var all = RankingProtocol.Create(ratings, split.Train, split.Validation, data.Users.Count, data.Movies.Count);
        var protocol = ValidationSample.Of(all, maxUsers, seed);
        if (protocol.Users.Count < all.Users.Count)
            status?.Invoke($"  fold-in weights chosen on a fixed sample of {protocol.Users.Count:N0} of the {all.Users.Count:N0} validation users");
        var sample = ColdStartSample.Create(ratings, split.Train, protocol.Users, ColdStartEvaluation.DefaultSeed);
        status?.Invoke("  fold-in weights: folding in the validation users from 5, 10 and 20 train ratings…");
        // As evaluate: each user's fold-in prior fitted without their own trained row.
        var priors = CrossFittedPriors.Fit(ImplicitFeedback.FromRatings(ratings, split.Train, data.Users.Count, data.Movies.Count), scorer, threads: threads);
        // A k no validation user reaches (small data) is left out; with none left the fold-in weights are the trained ones.
        var folds = ColdStartEvaluation.DefaultRatingCounts.Select(k => (K: k, Users: protocol.ForUsers(u => sample.TryTake(u, k, out _))))
            .Where(f => f.Users.Users.Count > 0).Select(f =>
        {
            var (k, users) = f;
            var (profiles, given, _) = ColdStartEvaluation.FoldIn(scorer, FoldInOptions.Default, ratings, users, sample, k, threads, priorFor: priors.For);
            return (K: k, Users: users, Profiles: profiles, Given: given);
        }).ToArray();
        if (folds.Length == 0) return (null, null);
        var weights = ease is null ? [0f] : itemItemWeightGrid;
        var points = new List<RankingValidationPoint>();
        foreach (var w in weights)
            foreach (var beta in blendGrid)
            {
                var ranking = new ServedRanking(scorer, trained.RatingWeight, ease, trained.ItemItemWeight, beta, w);
                var results = folds.Select(f => f.Users.Evaluate((u, s) => ranking.ScoreAll(f.Profiles[u], f.Given[u], s, foldedIn: true), threads)).ToArray();
                var point = new RankingValidationPoint(beta, results.Average(r => r.Precision), results.Average(r => r.Recall), results.Average(r => r.Ndcg),
                    w == 0 ? null : trained.ItemItemLambda, w);
                status?.Invoke(FormattableString.Invariant($"  fold-in β_f = {beta}, w_f = {w}: validation NDCG@10 {point.Ndcg:0.0000} (mean over k = {string.Join(", ", folds.Select(f => f.K))}; {string.Join(" / ", results.Select(r => r.Ndcg.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)))})"));
                points.Add(point);
            }
        return (points.Aggregate((a, b) => b.Ndcg > a.Ndcg ? b : a), points);
    }

    public const string RelevanceFormula =
        "relevance s(u,i) = p_u·relevance_embedding[i] + relevance_bias[i] (softmax logit over the catalogue); ranking = s + β·r̂_raw + w·(x_u·B)_i, B = EASE^R of the train positives at λ, x_u = the user's rated movies; β, w, λ in card.ranking";

    public const string Formula =
        "r̂ = global_bias + user_bias[u] + movie_bias[i] + p_u·(q_i + genre_projection·g_i) + out(ReLU(fcK(…ReLU(fc1([p_u, q_i, g_i]))))), clamped to the rating scale; p = user_embedding, q = movie_embedding, g = movie_genres (multi-hot / √count)";

    /// <summary>The catalogue with training-split rating count and mean per movie (popularity without test leakage).</summary>
    public static CatalogueEntry[] Catalogue(MovieLensDataset data, RatingsSplit split)
    {
        var count = new int[data.Movies.Count];
        var sum = new double[data.Movies.Count];
        foreach (var i in split.Train)
        {
            var m = data.Ratings.MovieIndex[i];
            count[m]++;
            sum[m] += data.Ratings.Rating[i];
        }
        return data.Movies.Select((m, i) => new CatalogueEntry(m.Id, m.Title, m.Year, m.Genres.ToArray(), count[i],
            count[i] == 0 ? 0 : Math.Round(sum[i] / count[i], 4))).ToArray();
    }

    /// <summary>Per user, every movie index the user rated in any split (serving excludes them all).</summary>
    public static int[][] RatedByUser(MovieLensDataset data)
    {
        var lists = new List<int>[data.Users.Count];
        for (var u = 0; u < lists.Length; u++) lists[u] = new List<int>();
        var r = data.Ratings;
        for (var i = 0; i < r.Count; i++) lists[r.UserIndex[i]].Add(r.MovieIndex[i]);
        return lists.Select(l => { l.Sort(); return l.ToArray(); }).ToArray();
    }
}
