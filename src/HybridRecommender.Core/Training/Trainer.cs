using System.Diagnostics;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Core.Training;

/// <summary>Receives progress of a training run (a live bar within the epoch, a line per epoch).</summary>
public interface ITrainingProgress
{
    void BatchDone(int epoch, int ratingsDone, int ratingsTotal, double runningMse);
    void EpochDone(EpochMetrics metrics, bool isBest);
}

/// <summary>The result of <see cref="Trainer.Train"/>: every epoch's figures and the epoch whose weights were kept.</summary>
public sealed record TrainingRun(IReadOnlyList<EpochMetrics> Epochs, int BestEpoch, double Seconds, bool StoppedEarly);

/// <summary>
/// Mini-batch training of a <see cref="HybridNetwork"/>: shuffles the training ratings each epoch
/// (seeded), runs <see cref="ForwardBackward"/> and <see cref="AdamOptimizer"/>, validates through
/// <see cref="RatingScorer"/> after each epoch, and keeps the weights of the best validation RMSE.
/// </summary>
public sealed class Trainer(TrainingOptions options)
{
    public TrainingOptions Options { get; } = options;

    public TrainingRun Train(HybridNetwork network, MovieLensDataset data, RatingsSplit split, ITrainingProgress? progress = null,
        CancellationToken cancellation = default)
    {
        Options.Validate();
        var ratings = data.Ratings;
        var (minRating, maxRating) = RatingScale(data);
        var n = split.Train.Length;
        var users = new int[n];
        var movies = new int[n];
        var values = new float[n];
        var order = (int[])split.Train.Clone();
        var rng = new Random(Options.Seed);

        var pass = new ForwardBackward(network, Options.Threads);
        var grads = new BatchGradients(network, Options.BatchSize);
        var adam = new AdamOptimizer(network, Options.LearningRate);
        var epochs = new List<EpochMetrics>();
        var best = double.PositiveInfinity;
        var bestEpoch = 0;
        Dictionary<string, float[]>? bestState = null;
        var total = Stopwatch.StartNew();
        var stoppedEarly = false;

        for (var epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            rng.Shuffle(order);
            for (var k = 0; k < n; k++)
            {
                var i = order[k];
                users[k] = ratings.UserIndex[i];
                movies[k] = ratings.MovieIndex[i];
                values[k] = ratings.Rating[i];
            }

            double se = 0, ae = 0;
            for (var start = 0; start < n; start += Options.BatchSize)
            {
                var batch = new Batch(users, movies, values, start, Math.Min(Options.BatchSize, n - start));
                var dropoutSeed = DropoutMask.Mix((ulong)Options.Seed * 1_000_003UL + (ulong)adam.StepCount);
                pass.Compute(batch, grads, Options.Regularisation, dropoutSeed);
                adam.Step(batch, grads);
                se += grads.SquaredErrorSum;
                ae += grads.AbsoluteErrorSum;
                var done = start + batch.Count;
                progress?.BatchDone(epoch, done, n, se / done);
            }
            if (!double.IsFinite(se))
                throw new InvalidOperationException($"Training diverged in epoch {epoch} (loss is {se}). Lower --lr (now {adam.LearningRate}).");
            var trainSeconds = clock.Elapsed.TotalSeconds;

            var scorer = new RatingScorer(network, minRating, maxRating);
            var valid = AccuracyMetrics.Of(AccuracyMetrics.Predict(scorer, ratings, split.Validation));
            var metrics = new EpochMetrics(epoch, se / n, ae / n, valid.Mse, valid.Rmse, valid.Mae,
                clock.Elapsed.TotalSeconds, n / trainSeconds, adam.LearningRate);
            epochs.Add(metrics);
            var isBest = valid.Rmse < best;
            if (isBest)
            {
                best = valid.Rmse;
                bestEpoch = epoch;
                bestState = network.StateDict().ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Data.Clone());
            }
            progress?.EpochDone(metrics, isBest);
            adam.LearningRate *= Options.LearningRateDecay;
            if (epoch - bestEpoch >= Options.Patience) { stoppedEarly = epoch < Options.Epochs; break; }
        }

        if (bestState is not null)
            foreach (var (name, tensor) in network.StateDict()) bestState[name].CopyTo(tensor.Data, 0);
        return new TrainingRun(epochs, bestEpoch, total.Elapsed.TotalSeconds, stoppedEarly);
    }

    /// <summary>The scale predictions are clamped to: 1–5 stars for ML-1M, 0.5–5 for the CSV layout.</summary>
    public static (float Min, float Max) RatingScale(MovieLensDataset data) =>
        data.Layout == DatasetLayout.MovieLens1M ? (1f, 5f) : (0.5f, 5f);
}
