using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HybridRecommender.Training;

/// <summary>
/// How much freed memory glibc's malloc keeps at the top of its heaps instead of handing it back to the kernel.
/// libtorch allocates a step's tensors (a few MB each, thousands of batches an epoch) from malloc; by default glibc trims
/// the heaps as soon as they are freed, and the next step faults the same pages back in, zeroed, one by one. Keeping
/// 256 MB of slack (<c>mallopt(M_TOP_PAD)</c>, what the <c>MALLOC_TOP_PAD_</c> variable sets) cut a 600-step bench run at
/// the 32M shape from 0.92 M page faults to 0.22 M, and with <see cref="LazyRowAdam"/>'s prefetch a step from 22.5 to
/// 18.4 ms (docs/BENCHMARKS.md, "The step's memory"); the cost is at most that much more resident memory per malloc arena
/// (the whole 32M-shape run's peak stayed 4.5 GiB). Linux only; a user who set <c>MALLOC_TOP_PAD_</c> keeps it.
/// <para>
/// Setting any such knob turns off glibc's own raising of the size above which a block is its own mmap (128 KB at first,
/// raised to the largest block freed so far), so it is set too, to the most glibc would raise it to (32 MB): otherwise
/// every tensor above 128 KB is a fresh mmap whose pages fault in, zeroed, at its first write — measured with the sampled
/// step's worker at the 32M shape: 0.9 M page faults a 1,200-step bench run against 0.3 M (docs/BENCHMARKS.md). A user's
/// <c>MALLOC_MMAP_THRESHOLD_</c> keeps theirs.
/// </para>
/// </summary>
public static partial class NativeHeapSlack
{
    public const string Variable = "MALLOC_TOP_PAD_";
    public const string MmapThresholdVariable = "MALLOC_MMAP_THRESHOLD_";
    public const int Bytes = 256 << 20;
    public const int MmapThresholdBytes = 32 << 20;
    private const int TopPad = -2, MmapThreshold = -3; // M_TOP_PAD, M_MMAP_THRESHOLD in glibc's malloc.h

    /// <summary>True when the mmap threshold was set here.</summary>
    public static bool MmapThresholdApplied { get; private set; }

    /// <summary>True when the slack was set here.</summary>
    public static bool Applied { get; private set; }

    [ModuleInitializer]
    public static void KeepUnlessSet()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null) return;
        try
        {
            Applied = Mallopt(TopPad, Bytes) == 1;
            if (Environment.GetEnvironmentVariable(MmapThresholdVariable) is null) MmapThresholdApplied = Mallopt(MmapThreshold, MmapThresholdBytes) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { } // not glibc (musl): its malloc has no such knob
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
