using System.Diagnostics;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Evaluation;
using HybridWeights = HybridRecommender.Core.Model.HybridWeights;
using RatingScorer = HybridRecommender.Core.Model.RatingScorer;
using HybridRecommender.Core.Training;
using HybridRecommender.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace HybridRecommender.Training;

/// <summary>
/// Mini-batch training of the TorchSharp <see cref="HybridNetwork"/> with autograd, Adam and an
/// exponential learning-rate schedule: each epoch shuffles the training ratings (seeded), runs
/// zero_grad / backward / step per batch, then validates through the managed <see cref="RatingScorer"/>
/// (the API's and evaluator's scoring path) and keeps the weights of the best validation RMSE.
/// </summary>
public sealed class Trainer(TrainingOptions options)
{
    public TrainingOptions Options { get; } = options;

    /// <summary>
    /// The training loss of docs/MODEL.md: (1/B) Σ [(r̂ − r)² + γ|r̂ − r| + λ_e(‖p‖² + ‖q‖²) + λ_b(b_u² + b_i²)] + λ_w Σ‖W‖²,
    /// γ = <paramref name="absoluteErrorWeight"/>. <paramref name="error"/> receives r̂ − r per rating (unclamped: training does not clamp).
    /// </summary>
    public static Tensor Loss(HybridNetwork network, Tensor users, Tensor movies, Tensor ratings, RegularisationOptions reg,
        float absoluteErrorWeight, out Tensor error)
        => Loss(network, network.Rows(users, movies), ratings, reg, absoluteErrorWeight, out error);

    /// <summary>The same loss from a batch's table rows already looked up (the sampled step gathers them itself).</summary>
    public static Tensor Loss(HybridNetwork network, BatchRows rows, Tensor ratings, RegularisationOptions reg,
        float absoluteErrorWeight, out Tensor error)
    {
        var fit = Fit(network, rows, ratings, absoluteErrorWeight, out error);
        return fit.mean()
             + HybridNetwork.RowPenalty(rows, reg.Embedding, reg.Bias).mean()
             + reg.Dense * network.DenseSquaredNorm();
    }

    /// <summary>
    /// The same loss without its per-rating row penalty λ_e(‖p‖² + ‖q‖²) + λ_b(b_u² + b_i²): the sampled step adds that
    /// penalty's gradient, 2λ·row / B per rating, where it sums the table rows' gradients (<see cref="SampledBatchStep"/>).
    /// </summary>
    public static Tensor LossWithoutRowPenalty(HybridNetwork network, BatchRows rows, Tensor ratings, RegularisationOptions reg,
        float absoluteErrorWeight, out Tensor error)
        => Fit(network, rows, ratings, absoluteErrorWeight, out error).mean() + reg.Dense * network.DenseSquaredNorm();

    private static Tensor Fit(HybridNetwork network, BatchRows rows, Tensor ratings, float absoluteErrorWeight, out Tensor error)
    {
        error = network.Predict(rows) - ratings;
        return absoluteErrorWeight > 0 ? error.square() + absoluteErrorWeight * error.abs() : error.square();
    }

    /// <summary>
    /// The relevance head's loss for a batch of users: the multinomial log-likelihood of each user's train movies under
    /// a softmax over the whole catalogue, averaged over the batch's positive (user, movie) pairs:
    /// −(1/Σ_u n_u) Σ_u Σ_{i ∈ T_u} log softmax(s(u, ·))_i. <paramref name="targets"/> is [users, Movies], 1 on T_u, else 0.
    /// </summary>
    public static Tensor RelevanceLoss(HybridNetwork network, Tensor users, Tensor targets)
    {
        var logProbabilities = nn.functional.log_softmax(network.RelevanceLogits(users), 1);
        return -(targets * logProbabilities).sum() / targets.sum().clamp_min(1);
    }

    /// <summary>Trains <paramref name="network"/> in place; on return it holds the best epoch's weights, also returned as managed weights.</summary>
    public (TrainingRun Run, HybridWeights Best) Train(HybridNetwork network, MovieLensDataset data, RatingsSplit split,
        ITrainingProgress? progress = null, CancellationToken cancellation = default)
    {
        Options.Validate();
        var device = TorchRuntime.Configure(Options);
        var ratings = data.Ratings;
        var (minRating, maxRating) = RatingScale.Of(data);
        var n = split.Train.Length;
        var order = (int[])split.Train.Clone();
        var rng = new Random(Options.Seed);
        var users = new long[n];
        var movies = new long[n];
        var values = new float[n];

        network.to(device);
        network.train();
        using var precision = network.UseMlpPrecision(CpuBFloat16.Resolve(Options, network.Shape));

        // The relevance head: each rating batch also carries a slice of the (shuffled) users, so one epoch
        // passes every user's softmax once, and both losses step the shared p_u together.
        var relevanceOn = network.Shape.Relevance;
        var batches = (n + Options.BatchSize - 1) / Options.BatchSize;
        var userCount = network.Shape.Users;
        var movieCount = network.Shape.Movies;
        var userOrder = Enumerable.Range(0, userCount).ToArray();
        var trainMovies = relevanceOn ? TrainMoviesByUser(data, split) : [];
        var userRng = new Random(Options.Seed ^ 0x5EED);
        var validationRanking = relevanceOn
            ? ValidationSample.Of(RankingProtocol.CreateForValidation(ratings, split, userCount, movieCount), Options.ValidationUsersFor(movieCount), Options.Seed)
            : null;
        using IBatchStep step = Options.UsesSampledObjective(userCount, movieCount)
            ? new SampledBatchStep(network, Options, trainMovies, MovieTrainCounts(data, split), device)
            : new ExactBatchStep(network, Options, trainMovies, device);
        var optimizer = step.Optimizer;
        var schedule = optim.lr_scheduler.ExponentialLR(optimizer, Options.LearningRateDecay);

        var epochs = new List<EpochMetrics>();
        var best = double.PositiveInfinity;
        var bestEpoch = 0;
        HybridWeights? bestWeights = null;
        var total = Stopwatch.StartNew();
        var stoppedEarly = false;

        for (var epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var learningRate = optimizer.ParamGroups.First().LearningRate;
            rng.Shuffle(order);
            using var batchesOfEpoch = EpochBatches.Of(ratings, order, users, movies, values, device);

            if (relevanceOn) userRng.Shuffle(userOrder);

            double se = 0, ae = 0;
            TrainingBatch Batch(int b)
            {
                var from = relevanceOn ? (int)((long)b * userCount / batches) : 0;
                var to = relevanceOn ? (int)((long)(b + 1) * userCount / batches) : 0;
                var start = b * Options.BatchSize;
                return new TrainingBatch(start, Math.Min(Options.BatchSize, n - start), new ArraySegment<int>(userOrder, from, to - from));
            }
            for (var batch = 0; batch < batches; batch++)
            {
                using var scope = NewDisposeScope();
                var current = Batch(batch);
                var error = step.Step(batchesOfEpoch, current, batch + 1 < batches ? Batch(batch + 1) : null);

                using (no_grad())
                {
                    se += error.square().sum().item<float>();
                    ae += error.abs().sum().item<float>();
                }
                progress?.BatchDone(epoch, current.Start + current.Count, n, se / (current.Start + current.Count));
            }
            step.FinishEpoch();
            if (!double.IsFinite(se))
                throw new InvalidOperationException($"Training diverged in epoch {epoch} (loss is {se}). Lower --lr (now {learningRate}).");
            var trainSeconds = clock.Elapsed.TotalSeconds;

            var weights = StateDictTransfer.ToWeights(network);
            var scorer = new RatingScorer(weights, minRating, maxRating);
            var valid = AccuracyMetrics.Of(AccuracyMetrics.Predict(scorer, ratings, split.Validation));
            double? validNdcg = validationRanking?.Evaluate(scorer.RelevanceScoreAll, Options.Threads).Ndcg;
            var metrics = new EpochMetrics(epoch, se / n, ae / n, valid.Mse, valid.Rmse, valid.Mae,
                clock.Elapsed.TotalSeconds, n / trainSeconds, learningRate, validNdcg);
            epochs.Add(metrics);
            var isBest = valid.Rmse < best;
            if (isBest)
            {
                best = valid.Rmse;
                bestEpoch = epoch;
                bestWeights = weights;
            }
            progress?.EpochDone(metrics, isBest);
            schedule.step();
            if (epoch - bestEpoch >= Options.Patience) { stoppedEarly = epoch < Options.Epochs; break; }
        }

        network.eval();
        StateDictTransfer.Load(network, bestWeights!);
        return (new TrainingRun(epochs, bestEpoch, total.Elapsed.TotalSeconds, stoppedEarly), bestWeights!);
    }

    /// <summary>Per user, the movies rated in the train split (the relevance head's positives).</summary>
    public static int[][] TrainMoviesByUser(MovieLensDataset data, RatingsSplit split)
    {
        var lists = new List<int>[data.Users.Count];
        for (var u = 0; u < lists.Length; u++) lists[u] = [];
        foreach (var i in split.Train) lists[data.Ratings.UserIndex[i]].Add(data.Ratings.MovieIndex[i]);
        return lists.Select(l => l.ToArray()).ToArray();
    }

    /// <summary>Train ratings per movie (the sampled softmax's popularity).</summary>
    public static int[] MovieTrainCounts(MovieLensDataset data, RatingsSplit split)
    {
        var counts = new int[data.Movies.Count];
        foreach (var i in split.Train) counts[data.Ratings.MovieIndex[i]]++;
        return counts;
    }

    /// <summary>User rows and their [users, movies] 0/1 target matrix of train movies.</summary>
    public static (Tensor Users, Tensor Targets) RelevanceBatch(ReadOnlySpan<int> users, int[][] trainMovies, int movies, Device device)
    {
        var rows = new long[users.Length];
        var targets = new float[users.Length * movies];
        for (var k = 0; k < users.Length; k++)
        {
            rows[k] = users[k];
            foreach (var m in trainMovies[users[k]]) targets[k * movies + m] = 1f;
        }
        return (tensor(rows, device: device), tensor(targets, [users.Length, movies], device: device));
    }
}
