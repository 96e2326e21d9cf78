using HybridRecommender.Core.Model;
using HybridRecommender.Tests.Support;
using HybridRecommender.Training;
using HybridRecommender.Training.Model;
using TorchSharp;

namespace HybridRecommender.Tests.Model;

/// <summary>
/// The relevance head: the TorchSharp module's logits against the managed RatingScorer (10,000+ pairs),
/// its softmax loss against a double-precision reference and a hand-computed case, and the state-dict names.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class RelevanceHeadTests
{
    [Fact]
    public void Module_relevance_logits_and_RatingScorer_agree_on_ten_thousand_random_pairs()
    {
        const int users = 300, movies = 400;
        var weights = TinyNetwork.Create([64], seed: 12, users: users, movies: movies, genres: 18, dim: 96, relevance: true);
        foreach (var p in weights.Parameters().Where(p => p.Name != "global_bias"))
            for (var i = 0; i < p.Value.Length; i++) p.Value.Data[i] *= 0.3f;
        weights.SetMovieGenres(Enumerable.Range(0, movies).Select(m => (ulong)((m * 2654435761L) & 0x3FFFF)).ToArray());
        var scorer = new RatingScorer(weights, 1f, 5f);
        using var module = TorchNetworks.FromWeights(weights);

        float[] logits; // [users, movies]
        using (torch.no_grad())
        using (var all = module.RelevanceLogits(torch.arange(users, torch.int64)))
            logits = all.data<float>().ToArray();

        var rng = new Random(5);
        var byUser = new float[users][];
        var worst = 0.0;
        var compared = 0;
        for (var k = 0; k < 10_000; k++)
        {
            int u = rng.Next(users), m = rng.Next(movies);
            if (byUser[u] is null) scorer.RelevanceScoreAll(u, byUser[u] = new float[movies]);
            worst = Math.Max(worst, Math.Abs(byUser[u][m] - logits[u * movies + m]));
            compared++;
        }
        Assert.Equal(10_000, compared);
        Assert.True(worst < 1e-5, $"largest |torch − scorer| = {worst:E2}");
        Assert.True(logits.Max() - logits.Min() > 1, "relevance scores barely vary");
    }

    [Fact]
    public void Rank_score_is_relevance_plus_the_weighted_raw_rating()
    {
        var weights = TinyNetwork.Create([4], seed: 3, relevance: true);
        var scorer = new RatingScorer(weights, 1f, 5f);
        var relevance = new float[5];
        var raw = new float[5];
        var blended = new float[5];
        var alone = new float[5];
        scorer.RelevanceScoreAll(2, relevance);
        scorer.RawScoreAll(2, raw);
        scorer.RankScoreAll(2, blended, 0.5f);
        scorer.RankScoreAll(2, alone, 0f);
        Assert.Equal(relevance, alone);
        for (var m = 0; m < 5; m++) Assert.Equal(relevance[m] + 0.5f * raw[m], blended[m], 1e-5f);
        // A rating-only network ranks by r̂.
        var ratingOnly = new RatingScorer(TinyNetwork.Create([4], seed: 3), 1f, 5f);
        Assert.False(ratingOnly.HasRelevanceHead);
        ratingOnly.RankScoreAll(2, blended, 0.5f);
        ratingOnly.RawScoreAll(2, raw);
        Assert.Equal(raw, blended);
    }

    [Fact]
    public void Softmax_loss_equals_a_double_precision_reference()
    {
        var weights = TinyNetwork.Create([4], seed: 8, relevance: true);
        int[] users = [2, 0, 3];
        int[][] positives = [[1, 4], [0], [0, 2, 3]];
        var s = weights.Shape;
        var p = weights.UserEmbedding.Weight.Value.Data;
        var r = weights.RelevanceEmbedding!.Weight.Value.Data;
        var b = weights.RelevanceBias!.Weight.Value.Data;
        double total = 0;
        var count = 0;
        for (var j = 0; j < users.Length; j++)
        {
            var logits = new double[s.Movies];
            for (var m = 0; m < s.Movies; m++)
            {
                double dot = b[m];
                for (var d = 0; d < s.Dim; d++) dot += p[users[j] * s.Dim + d] * (double)r[m * s.Dim + d];
                logits[m] = dot;
            }
            var max = logits.Max();
            var logZ = max + Math.Log(logits.Sum(x => Math.Exp(x - max)));
            foreach (var m in positives[j]) { total -= logits[m] - logZ; count++; }
        }
        var expected = total / count;

        using var module = TorchNetworks.FromWeights(weights);
        var trainMovies = new int[s.Users][];
        for (var j = 0; j < users.Length; j++) trainMovies[users[j]] = positives[j];
        var (rows, targets) = Trainer.RelevanceBatch(users, trainMovies, s.Movies, torch.CPU);
        using var loss = Trainer.RelevanceLoss(module, rows, targets);
        Assert.Equal(expected, loss.item<float>(), 1e-5 * Math.Max(1, Math.Abs(expected)));
    }

    [Fact]
    public void Softmax_loss_of_a_head_that_scores_every_movie_alike_is_log_of_the_catalogue_size()
    {
        // Hand-computed: all-zero relevance weights give equal logits, so every positive has probability 1/M.
        var weights = TinyNetwork.Create([], seed: 1, relevance: true);
        Array.Clear(weights.RelevanceEmbedding!.Weight.Value.Data);
        Array.Fill(weights.RelevanceBias!.Weight.Value.Data, 0.7f);
        using var module = TorchNetworks.FromWeights(weights);
        var (rows, targets) = Trainer.RelevanceBatch(new[] { 1, 3 }, [[], [0, 1], [], [4]], 5, torch.CPU);
        using var loss = Trainer.RelevanceLoss(module, rows, targets);
        Assert.Equal(Math.Log(5), loss.item<float>(), 1e-6);
    }

    [Fact]
    public void State_dict_of_the_head_has_the_documented_names_and_shapes_on_both_sides()
    {
        var shape = new HybridNetworkShape(4, 5, 3, 2, [4], Relevance: true);
        using var module = TorchNetworks.Create(shape);
        var torchShapes = module.state_dict().ToDictionary(kv => kv.Key, kv => "[" + string.Join(", ", kv.Value.shape) + "]");
        var managed = new HybridWeights(shape).StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ShapeText);
        Assert.Equal(managed.OrderBy(kv => kv.Key), torchShapes.OrderBy(kv => kv.Key));
        Assert.Equal("[5, 2]", managed["relevance_embedding.weight"]);
        Assert.DoesNotContain("relevance_genre_projection.weight", managed.Keys); // validation dropped the head's genre term
        Assert.Equal("[5, 1]", managed["relevance_bias.weight"]);
        Assert.DoesNotContain(new HybridWeights(shape with { Relevance = false }).StateDict().Keys, k => k.StartsWith("relevance", StringComparison.Ordinal));
    }
}
