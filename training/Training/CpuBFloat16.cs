using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Training;

/// <summary>
/// Whether this CPU computes bfloat16 dot products natively (x86's avx512_bf16 or amx_bf16, as Linux lists them in
/// /proc/cpuinfo), which is where libtorch's bfloat16 matrix products (oneDNN) are fast: the MLP's largest product at the
/// 32M shape took 1.2–1.3 ms in float32 and 0.27–0.28 ms in bfloat16 on this project's AVX-512 machine (docs/BENCHMARKS.md,
/// <c>TrainingStepCost mlp-product</c>). Without them libtorch emulates bfloat16, slower than float32, so
/// <see cref="MlpPrecision.Auto"/> stays float32 there.
/// </summary>
public static class CpuBFloat16
{
    public static bool Native { get; } = OperatingSystem.IsLinux() && FromCpuInfo(ReadCpuInfo());

    /// <summary>The precision a network of <paramref name="shape"/> runs its MLP in on this machine (float32 when it has no MLP: nothing would run in bfloat16).</summary>
    public static MlpPrecision Resolve(TrainingOptions options, HybridNetworkShape shape) =>
        shape.Hidden.Count == 0 ? MlpPrecision.Float32 : MlpPrecisions.Resolve(options.MlpPrecision, options.UsesSampledObjective(shape.Users, shape.Movies), Native);

    /// <summary>True when the first "flags" line of a /proc/cpuinfo text lists avx512_bf16 or amx_bf16.</summary>
    public static bool FromCpuInfo(string cpuInfo)
    {
        foreach (var line in cpuInfo.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || line[..colon].Trim() != "flags") continue;
            var flags = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return flags.Contains("avx512_bf16") || flags.Contains("amx_bf16");
        }
        return false;
    }

    private static string ReadCpuInfo()
    {
        try { return File.ReadAllText("/proc/cpuinfo"); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}
