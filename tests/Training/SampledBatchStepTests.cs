using HybridNetworkShape = HybridRecommender.Core.Model.HybridNetworkShape;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;
using HybridRecommender.Training;
using HybridRecommender.Training.Model;
using static TorchSharp.torch;

namespace HybridRecommender.Tests.Training;

/// <summary>
/// <see cref="SampledBatchStep"/>'s managed half — rows copied per read, gradient rows summed per table row, λ_r added once
/// per row, lazy Adam, the next batch prepared on a worker thread — against a plain reference written with tensor ops as
/// the step once was (leaves of the distinct rows, index_select per read, autograd's sums, Adam as tensor ops): without
/// overlap each batch sees every update before it; with overlap a batch reads its rows before the last step's row update
/// and after every earlier one. The worker thread must allocate nothing (<see cref="StepWorker"/>).
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class SampledBatchStepTests
{
    private const int Users = 30, Movies = 50, Batch = 16, Batches = 4, Slice = 3;
    private static readonly HybridNetworkShape Shape = new(Users, Movies, Genres: 3, Dim: 4, Hidden: [5], Relevance: true);

    private static TrainingOptions Options(bool overlap, int threads) => new()
    {
        BatchSize = Batch,
        Dim = 4,
        Hidden = [5],
        LearningRate = 0.05f,
        Seed = 7,
        Threads = threads,
        SampledObjectiveAbove = 0,
        SampledNegatives = 6,
        RelevanceL2 = 0.01f,
        OverlapRowUpdates = overlap,
    };

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 1)]
    [InlineData(true, 2)]
    public void Steps_match_the_tensor_reference(bool overlap, int threads)
    {
        var data = Problem.Create();
        var options = Options(overlap, threads);
        var actual = Train(data, options, out var allocated);
        var expected = Reference(data, options);

        foreach (var (name, values) in expected)
            for (var k = 0; k < values.Length; k++)
                Assert.True(Math.Abs(values[k] - actual[name][k]) < 2e-5f, $"{name}[{k}]: expected {values[k]}, got {actual[name][k]}");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Overlap_changes_what_a_batch_reads_and_not_the_thread_count()
    {
        var data = Problem.Create();
        var overlapOne = Train(data, Options(true, 1), out _);
        var overlapTwo = Train(data, Options(true, 2), out _);
        var exact = Train(data, Options(false, 2), out _);
        foreach (var name in SampledBatchStep.TableNames.Concat(["fc1.weight"]))
            Assert.Equal(overlapOne[name], overlapTwo[name]); // bitwise: the same operations in the same order on any thread
        // A movie in consecutive batches is read one update behind with overlap, so the weights differ.
        Assert.NotEqual(exact["movie_embedding.weight"], overlapTwo["movie_embedding.weight"]);
    }

    private sealed record Problem(long[] U, long[] M, float[] R, int[][] TrainMovies, int[] Counts, int[] UserOrder, float[] Genres)
    {
        public static Problem Create()
        {
            var random = new Random(5);
            var n = Batch * Batches;
            // Few movies, so consecutive batches share rows.
            var u = Enumerable.Range(0, n).Select(_ => (long)random.Next(Users)).ToArray();
            var m = Enumerable.Range(0, n).Select(_ => (long)random.Next(12)).ToArray();
            var r = Enumerable.Range(0, n).Select(_ => 1f + random.Next(5)).ToArray();
            var trainMovies = Enumerable.Range(0, Users).Select(_ => Enumerable.Range(0, 1 + random.Next(4)).Select(__ => random.Next(Movies)).Distinct().ToArray()).ToArray();
            var counts = new int[Movies];
            foreach (var list in trainMovies) foreach (var x in list) counts[x]++;
            var order = Enumerable.Range(0, Users).OrderBy(_ => random.Next()).ToArray();
            var genres = Enumerable.Range(0, Movies * 3).Select(_ => random.Next(2) * 0.7f).ToArray();
            return new Problem(u, m, r, trainMovies, counts, order, genres);
        }

        public TrainingBatch BatchAt(int b) => new(b * Batch, Batch, new ArraySegment<int>(UserOrder, b * Slice, Slice));
    }

    private static HybridNetwork Network(Problem data)
    {
        manual_seed(3);
        var network = new HybridNetwork(Shape);
        network.Initialise(3.5f, 0.1);
        network.SetMovieGenres(data.Genres);
        return network;
    }

    private static Dictionary<string, float[]> Train(Problem data, TrainingOptions options, out long workerAllocated)
    {
        using var network = Network(data);
        using (var step = new SampledBatchStep(network, options, data.TrainMovies, data.Counts, CPU))
        {
            var epoch = new EpochBatches(data.U, data.M, data.R, tensor(data.U), tensor(data.M), tensor(data.R));
            for (var b = 0; b < Batches; b++)
            {
                using var scope = NewDisposeScope();
                step.Step(epoch, data.BatchAt(b), b + 1 < Batches ? data.BatchAt(b + 1) : null);
            }
            step.FinishEpoch();
            workerAllocated = step.WorkerAllocatedBytes;
        }
        return StateDictTransfer.ToWeights(network).StateDict().ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Data.Clone());
    }

    /// <summary>The step written plainly with tensor ops; <paramref name="options"/>' overlap moves the row update after the next gather.</summary>
    private static Dictionary<string, float[]> Reference(Problem data, TrainingOptions options)
    {
        using var network = Network(data);
        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var tables = SampledBatchStep.TableNames.ToDictionary(n => n, n => new LazyRowAdam(parameters[n], fused: false));
        using var dense = optim.Adam(parameters.Where(p => !tables.ContainsKey(p.Key)).Select(p => p.Value), lr: options.LearningRate);
        var sampler = new PopularityNegativeSampler(data.Counts, options.Seed ^ 0x4E47);
        var genres = network.named_buffers().Single(b => b.name == "movie_genres").buffer;
        var ratings = tensor(data.R);
        Action? pendingUpdate = null;

        (Dictionary<string, Tensor> Leaves, Dictionary<string, long[]> Rows, Func<Tensor> Loss) Gather(int b)
        {
            var batch = data.BatchAt(b);
            var users = data.U.Skip(batch.Start).Take(batch.Count).ToArray();
            var movies = data.M.Skip(batch.Start).Take(batch.Count).ToArray();
            var slice = batch.RelevanceUsers.Select(x => (long)x).ToArray();
            var userRows = users.Concat(slice).Distinct().ToArray();
            var movieRows = movies.Distinct().ToArray();
            var positiveUser = slice.SelectMany((x, s) => data.TrainMovies[x].Select(_ => (long)s)).ToArray();
            var positiveMovie = slice.SelectMany(x => data.TrainMovies[x].Select(m => (long)m)).ToArray();
            var negatives = new long[options.SampledNegatives];
            var correction = new float[negatives.Length];
            sampler.Draw(negatives, correction);
            var relevanceRows = positiveMovie.Concat(negatives).Distinct().ToArray();
            long[] Slots(long[] reads, long[] rows) => reads.Select(r => (long)Array.IndexOf(rows, r)).ToArray();

            Tensor Leaf(string name, long[] rows) => parameters[name].detach().index_select(0, tensor(rows)).clone().requires_grad_(true);
            var l = new Dictionary<string, Tensor>
            {
                ["user_embedding.weight"] = Leaf("user_embedding.weight", userRows),
                ["user_bias.weight"] = Leaf("user_bias.weight", userRows),
                ["movie_embedding.weight"] = Leaf("movie_embedding.weight", movieRows),
                ["movie_bias.weight"] = Leaf("movie_bias.weight", movieRows),
                ["relevance_embedding.weight"] = Leaf("relevance_embedding.weight", relevanceRows),
                ["relevance_bias.weight"] = Leaf("relevance_bias.weight", relevanceRows),
            };
            var rowsOf = new Dictionary<string, long[]>
            {
                ["user_embedding.weight"] = userRows, ["user_bias.weight"] = userRows, ["movie_embedding.weight"] = movieRows,
                ["movie_bias.weight"] = movieRows, ["relevance_embedding.weight"] = relevanceRows, ["relevance_bias.weight"] = relevanceRows,
            };
            Tensor Loss()
            {
                var (u, i) = (tensor(Slots(users, userRows)), tensor(Slots(movies, movieRows)));
                var rows = new BatchRows(l["user_embedding.weight"].index_select(0, u), l["movie_embedding.weight"].index_select(0, i),
                    genres.index_select(0, tensor(movies)), l["user_bias.weight"].index_select(0, u).squeeze(-1), l["movie_bias.weight"].index_select(0, i).squeeze(-1));
                var value = Trainer.Loss(network, rows, ratings.narrow(0, batch.Start, batch.Count), options.Regularisation, options.AbsoluteErrorWeight, out _);
                var (v, c) = (l["relevance_embedding.weight"], l["relevance_bias.weight"]);
                var (pos, neg) = (tensor(Slots(positiveMovie, relevanceRows)), tensor(Slots(negatives, relevanceRows)));
                var relevance = SampledBatchStep.SampledRelevanceLoss(l["user_embedding.weight"].index_select(0, tensor(Slots(slice, userRows))), tensor(positiveUser),
                    v.index_select(0, pos), c.index_select(0, pos).squeeze(-1), v.index_select(0, neg), c.index_select(0, neg).squeeze(-1), tensor(correction));
                return value + options.RelevanceWeight * relevance + options.RelevanceL2 * v.square().sum();
            }
            return (l, rowsOf, Loss);
        }

        for (var b = 0; b < Batches; b++)
        {
            // Without overlap the last step's row update comes before this batch's reads; with it, after them.
            if (!options.OverlapRowUpdates) { pendingUpdate?.Invoke(); pendingUpdate = null; }
            var (leaves, rows, loss) = Gather(b);
            if (options.OverlapRowUpdates) { pendingUpdate?.Invoke(); pendingUpdate = null; }
            var value = loss();
            dense.zero_grad();
            value.backward();
            dense.step();
            var lr = dense.ParamGroups.First().LearningRate;
            pendingUpdate = () =>
            {
                foreach (var (name, adam) in tables) adam.Step(rows[name], leaves[name].grad!, lr);
            };
        }
        pendingUpdate?.Invoke();
        foreach (var adam in tables.Values) adam.Dispose();
        return StateDictTransfer.ToWeights(network).StateDict().ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Data.Clone());
    }
}
