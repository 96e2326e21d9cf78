using System.Diagnostics.CodeAnalysis;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Training;

/// <summary>
/// What `evaluate`, `tune-fold-in`, `tune-served` and `tune-prior` refuse before any work, with exit code <see cref="ExitCode"/>: a bad --threads,
/// a model or data folder missing or unreadable. One list, so the commands cannot drift apart.
/// </summary>
internal static class RefusedInput
{
    public const int ExitCode = 2;

    public static void RequireThreads(int threads)
    {
        if (threads < 1) throw new ArgumentException($"--threads must be at least 1; got {threads}.");
    }

    public static bool Is(Exception e) => e is ModelFormatException or DataNotFoundException or DataFormatException or ArgumentException;

    /// <summary>
    /// The tune commands' first step: check --threads, load the bundle and the data; on refused input print
    /// "error: …" to standard error and return false (the caller exits with <see cref="ExitCode"/>).
    /// </summary>
    public static bool TryLoad(int threads, string modelFolder, string? dataArgument,
        [NotNullWhen(true)] out ModelBundle? bundle, [NotNullWhen(true)] out MovieLensDataset? dataset)
    {
        bundle = null;
        dataset = null;
        try
        {
            RequireThreads(threads);
            bundle = ModelBundle.Load(modelFolder);
            dataset = MovieLensReader.Load(DataFolderResolver.ForCurrentProcess().Resolve(dataArgument).Path);
            return true;
        }
        catch (Exception e) when (Is(e))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            bundle = null;
            dataset = null;
            return false;
        }
    }
}
