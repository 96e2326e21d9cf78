using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;
using HybridRecommender.Training;
using HybridRecommender.Training.Model;
using static TorchSharp.torch;

namespace HybridRecommender.Tests.Training;

/// <summary>
/// The MLP's products in bfloat16 (--mlp-precision): when auto picks it, what the CPU check reads, and that the network
/// computes the same prediction and gradients to bfloat16's precision while its weights stay float32.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class MlpPrecisionTests
{
    [Theory]
    [InlineData(MlpPrecision.Auto, true, true, MlpPrecision.BFloat16)]
    [InlineData(MlpPrecision.Auto, true, false, MlpPrecision.Float32)]   // no native bfloat16: emulated, slower than float32
    [InlineData(MlpPrecision.Auto, false, true, MlpPrecision.Float32)]   // ML-1M's exact training stays as validated
    [InlineData(MlpPrecision.Float32, true, true, MlpPrecision.Float32)]
    [InlineData(MlpPrecision.BFloat16, false, false, MlpPrecision.BFloat16)]
    public void Auto_is_bfloat16_only_for_the_sampled_objective_on_a_cpu_with_bfloat16(MlpPrecision requested, bool sampled, bool cpu, MlpPrecision expected) =>
        Assert.Equal(expected, MlpPrecisions.Resolve(requested, sampled, cpu));

    [Fact]
    public void The_option_reads_its_words_and_refuses_others()
    {
        foreach (var p in Enum.GetValues<MlpPrecision>()) Assert.Equal(p, MlpPrecisions.Parse(MlpPrecisions.Name(p)));
        Assert.Equal(MlpPrecision.BFloat16, MlpPrecisions.Parse(" BFloat16 "));
        Assert.Equal("--mlp-precision must be auto, fp32 or bf16; got fp16.", Assert.Throws<ArgumentException>(() => MlpPrecisions.Parse("fp16")).Message);
        Assert.Equal(MlpPrecision.Auto, new TrainingOptions().MlpPrecision);
    }

    [Fact]
    public void The_cpu_check_reads_the_flags_line_only()
    {
        const string zen5 = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse avx2 avx512f avx512_bf16 avx512_vnni\nbugs\t\t: sysret_ss_attrs\n";
        const string sapphireRapids = "processor\t: 0\nflags\t\t: avx2 avx512f amx_bf16 amx_tile\nvmx flags\t: vnmi\n";
        const string avx2Only = "processor\t: 0\nflags\t\t: fpu sse avx2 fma\nvmx flags\t: avx512_bf16\n"; // the word outside the flags line does not count
        const string prefixOnly = "flags\t\t: avx512_bf16x avx512f\n";                                    // a flag is a whole word
        Assert.True(CpuBFloat16.FromCpuInfo(zen5));
        Assert.True(CpuBFloat16.FromCpuInfo(sapphireRapids));
        Assert.False(CpuBFloat16.FromCpuInfo(avx2Only));
        Assert.False(CpuBFloat16.FromCpuInfo(prefixOnly));
        Assert.False(CpuBFloat16.FromCpuInfo(""));
    }

    [Fact]
    public void In_bfloat16_the_network_predicts_and_learns_what_it_does_in_float32_to_bfloat16_precision()
    {
        var shape = new HybridNetworkShape(Users: 30, Movies: 20, Genres: 5, Dim: 16, Hidden: [32, 8], Relevance: false);
        using var network = TorchNetworks.Create(shape);
        lock (TorchRuntime.ProcessWide)
        {
            manual_seed(7);
            network.Initialise(3.5f, 0.3);
        }
        var genres = new float[20 * 5];
        for (var m = 0; m < 20; m++) genres[m * 5 + m % 5] = 1f;
        network.SetMovieGenres(genres);
        using var users = tensor(Enumerable.Range(0, 64).Select(k => (long)(k * 7 % 30)).ToArray());
        using var movies = tensor(Enumerable.Range(0, 64).Select(k => (long)(k * 11 % 20)).ToArray());

        (float[] Prediction, float[] Fc1Gradient, float[] UserGradient) Run(MlpPrecision precision)
        {
            network.MlpPrecision = precision;
            network.zero_grad();
            using var scope = NewDisposeScope();
            using var grad = enable_grad(); // grad mode is per thread: never inherit another test's no_grad
            var prediction = network.forward(users, movies);
            prediction.square().sum().backward();
            var named = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            Assert.All(named.Values, p => Assert.Equal(ScalarType.Float32, p.dtype));
            return (prediction.data<float>().ToArray(), named["fc1.weight"].grad!.data<float>().ToArray(),
                named["user_embedding.weight"].grad!.data<float>().ToArray());
        }

        var full = Run(MlpPrecision.Float32);
        var low = Run(MlpPrecision.BFloat16);
        network.MlpPrecision = MlpPrecision.Float32;

        Assert.Equal(ScalarType.Float32, network.forward(users, movies).dtype);
        // Different (bfloat16 really ran) but close: bfloat16 keeps 8 significant bits, ≈ 0.4% per rounding.
        Assert.NotEqual(full.Prediction, low.Prediction);
        var largest = full.Prediction.Zip(low.Prediction, (f, l) => Math.Abs(l - f)).Max();
        Assert.True(largest < 0.05, $"largest |bf16 − fp32| prediction difference {largest}");
        var (fc1, user) = (Cosine(full.Fc1Gradient, low.Fc1Gradient), Cosine(full.UserGradient, low.UserGradient));
        Assert.True(fc1 >= 0.99 && user >= 0.99, $"gradient cosines: fc1.weight {fc1}, user rows {user}");
        Assert.Throws<ArgumentException>(() => network.MlpPrecision = MlpPrecision.Auto);
    }

    private static double Cosine(float[] a, float[] b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (var k = 0; k < a.Length; k++) (ab, aa, bb) = (ab + a[k] * b[k], aa + a[k] * a[k], bb + b[k] * b[k]);
        return ab / Math.Sqrt(aa * bb);
    }
}
