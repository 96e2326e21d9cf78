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
    /// The training loss of docs/MODEL.md: (1/B) Σ [(r̂ − r)² + λ_e(‖p‖² + ‖q‖²) + λ_b(b_u² + b_i²)] + λ_w Σ‖W‖².
    /// <paramref name="error"/> receives r̂ − r per rating (unclamped: training does not clamp).
    /// </summary>
    public static Tensor Loss(HybridNetwork network, Tensor users, Tensor movies, Tensor ratings, RegularisationOptions reg, out Tensor error)
    {
        error = network.forward(users, movies) - ratings;
        return error.square().mean()
             + network.RowPenalty(users, movies, reg.Embedding, reg.Bias).mean()
             + reg.Dense * network.DenseSquaredNorm();
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
        var reg = Options.Regularisation;

        network.to(device);
        network.train();
        var optimizer = optim.Adam(network.parameters(), lr: Options.LearningRate);
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
            for (var k = 0; k < n; k++)
            {
                var i = order[k];
                users[k] = ratings.UserIndex[i];
                movies[k] = ratings.MovieIndex[i];
                values[k] = ratings.Rating[i];
            }
            using var epochUsers = tensor(users, device: device);
            using var epochMovies = tensor(movies, device: device);
            using var epochRatings = tensor(values, device: device);

            double se = 0, ae = 0;
            for (var start = 0; start < n; start += Options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(Options.BatchSize, n - start);
                var u = epochUsers.narrow(0, start, count);
                var i = epochMovies.narrow(0, start, count);
                var r = epochRatings.narrow(0, start, count);

                var loss = Loss(network, u, i, r, reg, out var error);

                optimizer.zero_grad();
                loss.backward();
                optimizer.step();

                using (no_grad())
                {
                    se += error.square().sum().item<float>();
                    ae += error.abs().sum().item<float>();
                }
                progress?.BatchDone(epoch, start + count, n, se / (start + count));
            }
            if (!double.IsFinite(se))
                throw new InvalidOperationException($"Training diverged in epoch {epoch} (loss is {se}). Lower --lr (now {learningRate}).");
            var trainSeconds = clock.Elapsed.TotalSeconds;

            var weights = StateDictTransfer.ToWeights(network);
            var scorer = new RatingScorer(weights, minRating, maxRating);
            var valid = AccuracyMetrics.Of(AccuracyMetrics.Predict(scorer, ratings, split.Validation));
            var metrics = new EpochMetrics(epoch, se / n, ae / n, valid.Mse, valid.Rmse, valid.Mae,
                clock.Elapsed.TotalSeconds, n / trainSeconds, learningRate);
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
}
