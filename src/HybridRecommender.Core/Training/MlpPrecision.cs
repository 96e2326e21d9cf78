namespace HybridRecommender.Core.Training;

/// <summary>
/// The number format of the MLP's matrix products during training (<c>--mlp-precision</c>). The weights, the tables, the
/// optimiser and every other op stay float32 either way, and serving always scores in float32.
/// </summary>
public enum MlpPrecision
{
    /// <summary>bfloat16 under the sampled objective on a CPU with bfloat16 dot products; float32 otherwise.</summary>
    Auto,
    Float32,
    /// <summary>The fc layers' inputs, weights, biases and outputs rounded to bfloat16 (products summed in float32 by oneDNN).</summary>
    BFloat16,
}

/// <summary>How <see cref="MlpPrecision.Auto"/> resolves, and the option's words on the command line.</summary>
public static class MlpPrecisions
{
    /// <summary>
    /// The precision a run uses. Auto is bfloat16 only where it was measured to pay and was validated: the sampled objective
    /// (large data, where the MLP's float32 products were half of a step's arithmetic) on a CPU with native bfloat16 dot
    /// products — elsewhere libtorch emulates them and bfloat16 is slower. ML-1M's default (exact) training stays float32.
    /// </summary>
    public static MlpPrecision Resolve(MlpPrecision requested, bool sampledObjective, bool cpuHasBFloat16) => requested switch
    {
        MlpPrecision.Auto => sampledObjective && cpuHasBFloat16 ? MlpPrecision.BFloat16 : MlpPrecision.Float32,
        _ => requested,
    };

    public static string Name(MlpPrecision precision) => precision switch
    {
        MlpPrecision.Auto => "auto",
        MlpPrecision.Float32 => "fp32",
        MlpPrecision.BFloat16 => "bf16",
        _ => throw new ArgumentOutOfRangeException(nameof(precision)),
    };

    public static MlpPrecision Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => MlpPrecision.Auto,
        "fp32" or "float32" => MlpPrecision.Float32,
        "bf16" or "bfloat16" => MlpPrecision.BFloat16,
        _ => throw new ArgumentException($"--mlp-precision must be auto, fp32 or bf16; got {text}."),
    };
}
