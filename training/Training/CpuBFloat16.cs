using HybridRecommender.Core.Training;

namespace HybridRecommender.Training;

/// <summary>
/// Whether this CPU computes bfloat16 dot products natively (x86's avx512_bf16 or amx_bf16, as Linux lists them in
/// /proc/cpuinfo), which is where libtorch's bfloat16 matrix products (oneDNN) are fast: at the 32M shape the MLP's three
/// products of a step took 4.1 ms in float32 and 0.9 ms in bfloat16 on this project's AVX-512 machine (docs/BENCHMARKS.md).
/// Without them oneDNN emulates bfloat16 and it is slower than float32, so <see cref="MlpPrecision.Auto"/> stays float32.
/// </summary>
public static class CpuBFloat16
{
    public static bool Native { get; } = OperatingSystem.IsLinux() && FromCpuInfo(ReadCpuInfo());

    /// <summary>The precision a training of <paramref name="users"/> × <paramref name="movies"/> runs its MLP in on this machine.</summary>
    public static MlpPrecision Resolve(TrainingOptions options, int users, int movies) =>
        MlpPrecisions.Resolve(options.MlpPrecision, options.UsesSampledObjective(users, movies), Native);

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
