using HybridRecommender.Core.Data;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Training.Model;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace HybridRecommender.Training;

/// <summary>
/// Trains the content path beside the trained tables (docs/MODEL.md, "Content path"): every other weight is frozen, and the
/// network's own losses are computed with the content path's rows in place of the movie's — the rating loss with q_i, b_i
/// replaced for every rating of the batch, and the relevance softmax with a random share ρ of the rated movies' logits
/// replaced (the rest keep their own, so the stand-ins are learned on the scale they will compete on). The tables, the
/// MLP and every user row are exactly as the table training left them. zero_grad / backward / step per batch, Adam. The
/// relevance part follows the tables' objective (<see cref="Objective"/>): a softmax over the whole catalogue below
/// <c>--sampled-above</c> (<see cref="ExactContentLoss"/>), the sampled softmax over the batch's positives and K negatives above
/// it (<see cref="SampledContentLoss"/>).
/// </summary>
public static class ContentPathTrainer
{
    /// <summary>
    /// Attaches a fresh content path to <paramref name="network"/> (trained, frozen here) and trains it on the train ratings.
    /// <paramref name="inputs"/> zeroes the content it must not read (the ablations).
    /// </summary>
    public static void Train(HybridNetwork network, MovieLensDataset data, RatingsSplit split, TrainingOptions options,
        ContentInputs inputs = ContentInputs.All, Action<string>? status = null, CancellationToken cancellation = default)
    {
        var shape = network.Shape;
        var device = TorchRuntime.Configure(options);
        var path = AttachFrozen(network, options, device);
        // The frozen MLP in the tables' training precision: the path learns what the tables were trained through.
        using var precision = network.UseMlpPrecision(CpuBFloat16.Resolve(options, shape));

        using var x = tensor(InputRows(data, inputs), [shape.Movies, ContentFeatures.Width(shape.Genres)], device: device);
        var ratings = data.Ratings;
        var all = split.Train.Length;
        // Above the cap each epoch is the shuffled order's first n: a fresh sample, and all of it below the cap.
        var n = Math.Min(all, options.ContentRatingsPerEpoch);
        status?.Invoke(n == all
            ? $"content path: {options.ContentEpochs} epochs over the train ratings, the tables frozen…"
            : FormattableString.Invariant($"content path: {options.ContentEpochs} epochs, each over a fresh sample of {n:N0} of the {all:N0} train ratings (--content-ratings-per-epoch), the tables frozen…"));
        var order = (int[])split.Train.Clone();
        var rng = new Random(options.Seed ^ 0x0C0E7E47);
        var users = new long[n];
        var movies = new long[n];
        var values = new float[n];
        var optimizer = optim.Adam(path.parameters(), lr: options.ContentLearningRate);

        var relevanceOn = shape.Relevance;
        var objective = Objective(network, path, x, data, split, options, inputs, rng, device);
        var userOrder = Enumerable.Range(0, shape.Users).ToArray();
        // The relevance part's user slices keep the size a full epoch gives them, so a sampled epoch covers its share of users.
        var sliceBatches = (all + options.BatchSize - 1) / options.BatchSize;

        for (var epoch = 1; epoch <= options.ContentEpochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            rng.Shuffle(order);
            using var batchesOfEpoch = EpochBatches.Of(ratings, order.AsSpan(0, n), users, movies, values, device);
            if (relevanceOn) rng.Shuffle(userOrder);
            double se = 0;
            for (int start = 0, batch = 0; start < n; start += options.BatchSize, batch++)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(options.BatchSize, n - start);
                var from = relevanceOn ? (int)((long)batch * shape.Users / sliceBatches) : 0;
                var to = relevanceOn ? (int)((long)(batch + 1) * shape.Users / sliceBatches) : 0;
                var loss = objective.Loss(batchesOfEpoch, start, count, userOrder.AsSpan(from, Math.Max(0, to - from)), out var error);

                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                using (no_grad()) se += error.square().sum().item<float>();
            }
            if (!double.IsFinite(se)) throw new InvalidOperationException($"The content path's training diverged in epoch {epoch}. Lower --content-lr (now {options.ContentLearningRate}).");
            status?.Invoke(FormattableString.Invariant($"  content path epoch {epoch}: train RMSE with content rows {Math.Sqrt(se / n):0.0000}, {clock.Elapsed.TotalSeconds:0.0} s"));
        }
        foreach (var p in network.parameters()) p.requires_grad_(true);
    }

    /// <summary>
    /// Attaches a fresh content path to <paramref name="network"/> and freezes every other weight (requires_grad off, eval mode):
    /// the state <see cref="Train"/> trains in.
    /// </summary>
    public static ContentPath AttachFrozen(HybridNetwork network, TrainingOptions options, Device device)
    {
        var shape = network.Shape;
        // Its own seed: the path's initialisation and batches never depend on how long the tables trained.
        manual_seed(options.Seed ^ 0x0C0E7E47);
        var path = new ContentPath(shape.Genres, options.ContentHidden, shape.Dim, shape.Relevance);
        network.AttachContentPath(path);
        foreach (var (name, p) in network.named_parameters())
            p.requires_grad_(name.StartsWith(ContentTower.Prefix, StringComparison.Ordinal));
        network.to(device);
        network.eval(); // no dropout: the frozen network computes what serving computes (to bfloat16's precision under --mlp-precision bf16)
        return path;
    }

    /// <summary>
    /// The content path's loss per batch for this run: <see cref="SampledContentLoss"/> when the tables' objective is the sampled
    /// one (<see cref="TrainingOptions.UsesSampledObjective"/>), else <see cref="ExactContentLoss"/>. <paramref name="rng"/> draws
    /// the replaced movies (the trainer's own stream, after its shuffles).
    /// </summary>
    public static IContentBatchLoss Objective(HybridNetwork network, ContentPath path, Tensor x, MovieLensDataset data, RatingsSplit split,
        TrainingOptions options, ContentInputs inputs, Random rng, Device device)
    {
        var shape = network.Shape;
        var trainMovies = shape.Relevance ? Trainer.TrainMoviesByUser(data, split) : [];
        var counts = Trainer.MovieTrainCounts(data, split);
        return options.UsesSampledObjective(shape.Users, shape.Movies)
            ? new SampledContentLoss(network, path, x, trainMovies, counts, options, inputs, rng, device)
            : new ExactContentLoss(network, path, x, trainMovies, counts.Select(c => c > 0).ToArray(), options, inputs, rng, device);
    }

    /// <summary>
    /// The rating loss of docs/MODEL.md on a batch's rows with the stand-ins already in place of q_i, b_i, plus the path's L2:
    /// (1/B) Σ [(r̂ − r)² + γ|r̂ − r| + λ_e(‖p‖² + ‖q̃‖²) + λ_b(b_u² + b̃²)] + λ_c Σ‖W_content‖². Both objectives share it.
    /// </summary>
    public static Tensor RatingLoss(HybridNetwork network, ContentPath path, BatchRows rows, Tensor ratings, TrainingOptions options,
        ContentInputs inputs, out Tensor error)
    {
        // A path that may not read genres gives the movie none anywhere (its genre vector is zero when served, too).
        if (!inputs.HasFlag(ContentInputs.Genres)) rows = rows with { G = zeros_like(rows.G) };
        error = network.Predict(rows) - ratings;
        var fit = options.AbsoluteErrorWeight > 0 ? error.square() + options.AbsoluteErrorWeight * error.abs() : error.square();
        return fit.mean() + HybridNetwork.RowPenalty(rows, options.Regularisation.Embedding, options.Regularisation.Bias).mean() + options.ContentL2 * path.SquaredNorm();
    }

    /// <summary>
    /// A new content path for trained weights <paramref name="trained"/> (their own content path, if any, is set aside):
    /// the tables are loaded into a fresh module, frozen, and the path trained as <see cref="Train"/> does. The returned
    /// weights are the trained ones with the new path.
    /// </summary>
    public static HybridWeights Retrain(HybridWeights trained, MovieLensDataset data, RatingsSplit split, TrainingOptions options,
        ContentInputs inputs, Action<string>? status = null, CancellationToken cancellation = default)
    {
        lock (TorchRuntime.ProcessWide)
        {
            TorchRuntime.Configure(options);
            var tables = new HybridWeights(trained.Shape);
            tables.LoadStateDict(trained.StateDict().Where(kv => !ContentTower.IsContentTensor(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value));
            using var network = new HybridNetwork(trained.Shape);
            StateDictTransfer.Load(network, tables);
            Train(network, data, split, options, inputs, status, cancellation);
            return StateDictTransfer.ToWeights(network);
        }
    }

    /// <summary>Every movie's content input x = [g, one-hot(year bucket)], with the content <paramref name="inputs"/> leaves out zeroed.</summary>
    public static float[] InputRows(MovieLensDataset data, ContentInputs inputs)
    {
        var genres = new HybridWeights(new HybridNetworkShape(1, data.Movies.Count, data.Genres.Count, 1, []));
        if (inputs.HasFlag(ContentInputs.Genres)) genres.SetMovieGenres(data.MovieGenreMask);
        var years = data.Movies.Select(m => inputs.HasFlag(ContentInputs.Year) ? m.Year : null).ToArray();
        return ContentFeatures.Rows(genres.MovieGenres.Data, years);
    }
}
