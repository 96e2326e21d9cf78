using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HybridRecommender.Training;

/// <summary>
/// libtorch's OpenMP threads busy-wait between parallel regions by default. On a 2-core machine shared
/// with anything else (a test run, the API, a build) that turns into a collapse — measured here: an epoch
/// at --threads 2 took 325 s instead of 12 s while other processes kept both cores busy. Passive waiting
/// costs little when the machine is quiet. libgomp reads OMP_WAIT_POLICY once, when libtorch loads, so it
/// is set in the native environment before any TorchSharp call; a value the user set is left alone.
/// </summary>
public static partial class OpenMpWaitPolicy
{
    public const string Variable = "OMP_WAIT_POLICY";

    [ModuleInitializer]
    public static void UsePassiveUnlessSet()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        if (Environment.GetEnvironmentVariable(Variable) is not null) return;
        // .NET keeps its own copy of the environment on Unix; libgomp reads the C library's.
        SetEnv(Variable, "PASSIVE", 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
