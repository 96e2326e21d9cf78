using HybridRecommender.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace HybridRecommender.Tests.Training;

/// <summary>
/// The relevance head's sampled softmax (<see cref="SampledBatchStep.SampledRelevanceLoss"/>) against a double-precision
/// reference of its formula, and its log-Q correction: the corrected sample estimates the full partition function.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class SampledSoftmaxTests
{
    [Fact]
    public void The_loss_is_its_formula()
    {
        var rng = new Random(5);
        float[] R(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        const int d = 4, users = 3, k = 6;
        var p = R(users * d);
        long[] positiveUser = [0, 0, 1, 2, 2, 2];
        var pv = R(positiveUser.Length * d);
        var pb = R(positiveUser.Length);
        var nv = R(k * d);
        var nb = R(k);
        var correction = R(k);

        using var loss = SampledBatchStep.SampledRelevanceLoss(tensor(p, [users, d]), tensor(positiveUser), tensor(pv, [positiveUser.Length, d]),
            tensor(pb), tensor(nv, [k, d]), tensor(nb), tensor(correction));

        double Dot(float[] a, int i, float[] b, int j) => Enumerable.Range(0, d).Sum(x => (double)a[i * d + x] * b[j * d + x]);
        var expected = positiveUser.Select((u, j) =>
        {
            var s = Dot(p, (int)u, pv, j) + pb[j];
            var z = Math.Exp(s) + Enumerable.Range(0, k).Sum(n => Math.Exp(Dot(p, (int)u, nv, n) + nb[n] - correction[n]));
            return Math.Log(z) - s;
        }).Average();
        Assert.Equal(expected, loss.item<float>(), 1e-5);
    }

    [Fact]
    public void The_corrected_sample_estimates_the_full_partition_function()
    {
        // Σ_k exp(s_j_k − log(K·Q(j_k))) over draws from Q has expectation Σ_j exp(s_j): check it on 200,000 draws.
        var rng = new Random(3);
        var counts = Enumerable.Range(0, 300).Select(j => (int)(5000 / Math.Pow(j + 1, 1.1))).ToArray();
        var logits = counts.Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        var sampler = new PopularityNegativeSampler(counts, seed: 9);
        var draws = new long[200_000];
        var correction = new float[draws.Length];
        sampler.Draw(draws, correction);

        var estimate = draws.Select((j, k) => Math.Exp(logits[j] - correction[k])).Sum();
        var exact = logits.Sum(Math.Exp);
        Assert.Equal(1, estimate / exact, 0.02);
        // Popular movies are drawn more often than the tail.
        Assert.True(draws.Count(j => j < 30) > draws.Count(j => j >= 270));
    }

    [Fact]
    public void The_sampler_is_seeded()
    {
        var counts = Enumerable.Range(0, 50).Select(j => 100 - j).ToArray();
        long[] Draw(int seed)
        {
            var d = new long[64];
            new PopularityNegativeSampler(counts, seed).Draw(d, new float[64]);
            return d;
        }
        Assert.Equal(Draw(1), Draw(1));
        Assert.NotEqual(Draw(1), Draw(2));
    }
}
