namespace HybridRecommender.Core.Training;

/// <summary>
/// Inverted-dropout decisions drawn from a hash of (seed, rating position, layer, unit) rather than
/// a shared random stream, so masks do not depend on how the batch is split across threads.
/// </summary>
public static class DropoutMask
{
    public static bool Keep(ulong seed, int example, int layer, int unit, float rate)
    {
        if (rate <= 0f) return true;
        var h = Mix(seed ^ ((ulong)(uint)example << 20) ^ ((ulong)(uint)layer << 52) ^ (ulong)(uint)unit * 0x9E3779B97F4A7C15UL);
        return (h >> 40) * (1.0 / (1UL << 24)) >= rate;
    }

    /// <summary>SplitMix64's finaliser: a cheap, well-mixed 64-bit hash (also the core of <see cref="RatingsSplit.SplitMix64"/>).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
