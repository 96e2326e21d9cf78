using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HybridRecommender.Training;

/// <summary>
/// How libtorch's OpenMP threads wait between parallel regions. libgomp's default spins for 300,000
/// iterations: on a 2-core machine shared with anything else (a test run, the API, a build) the spinning
/// threads steal each other's cores — measured here: an epoch at --threads 2 took 325 s instead of 12 s.
/// Pure passive waiting (OMP_WAIT_POLICY=PASSIVE) avoids that but puts a futex wake-up between every pair
/// of the ~100 small ops of a training step: 4.8 s per epoch instead of 3.0 s (docs/BENCHMARKS.md, "Training").
/// A short spin (GOMP_SPINCOUNT=10000, a few microseconds) keeps the threads hot from one op to the next
/// and still yields the core soon when there is nothing to do. libgomp reads its settings once, when
/// libtorch loads, so they are set in the native environment before any TorchSharp call; a user who set
/// OMP_WAIT_POLICY or GOMP_SPINCOUNT keeps their choice.
/// </summary>
public static partial class OpenMpWaitPolicy
{
    public const string SpinCountVariable = "GOMP_SPINCOUNT";
    public const string PolicyVariable = "OMP_WAIT_POLICY";
    public const string ShortSpin = "10000";

    [ModuleInitializer]
    public static void UseShortSpinUnlessSet()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        if (Environment.GetEnvironmentVariable(PolicyVariable) is not null) return;
        if (Environment.GetEnvironmentVariable(SpinCountVariable) is not null) return;
        // .NET keeps its own copy of the environment on Unix; libgomp reads the C library's.
        SetEnv(SpinCountVariable, ShortSpin, 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
