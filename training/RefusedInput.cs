using HybridRecommender.Core.Data;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Training;

/// <summary>
/// What `evaluate` and `tune-fold-in` refuse before any work, with exit code <see cref="ExitCode"/>: a bad --threads,
/// a model or data folder missing or unreadable. One list, so the two commands cannot drift apart.
/// </summary>
internal static class RefusedInput
{
    public const int ExitCode = 2;

    public static void RequireThreads(int threads)
    {
        if (threads < 1) throw new ArgumentException($"--threads must be at least 1; got {threads}.");
    }

    public static bool Is(Exception e) => e is ModelFormatException or DataNotFoundException or DataFormatException or ArgumentException;
}
