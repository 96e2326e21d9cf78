using System.Runtime.InteropServices;

namespace HybridRecommender.Training;

/// <summary>
/// Turns on flush-to-zero / denormals-are-zero for libtorch's CPU kernels, as PyTorch's
/// <c>torch.set_flush_denormal(True)</c> does (TorchSharp 0.107 has no binding for it). Dense Adam keeps
/// decaying the moments of embedding rows that get no gradient (movies nobody rated in train, rare users),
/// and after ~1,500 steps those reach the subnormal range, where x86 arithmetic is ~100× slower: measured
/// here, epochs went from 5 s to 21 s at epoch 8 of a default run. Values below ~1e-38 do not matter to
/// any weight. Calls libtorch's own <c>at::globalContext().setFlushDenormal(true)</c> (Itanium C++ ABI:
/// Linux and macOS); elsewhere, or if the symbols are missing, it does nothing and says so.
/// </summary>
public static unsafe class FlushDenormals
{
    /// <summary>Sets FTZ/DAZ on the calling thread; OpenMP workers it starts afterwards inherit it. True when set.</summary>
    public static bool Enable()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) || RuntimeInformation.ProcessArchitecture != Architecture.X64) return false;
        var name = OperatingSystem.IsLinux() ? "libtorch_cpu.so" : "libtorch_cpu.dylib";
        if (!NativeLibrary.TryLoad(name, typeof(TorchSharp.torch).Assembly, DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories, out var lib)
            && !NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", name), out lib))
            return false;
        if (!NativeLibrary.TryGetExport(lib, "_ZN2at13globalContextEv", out var globalContext)
            || !NativeLibrary.TryGetExport(lib, "_ZN2at7Context16setFlushDenormalEb", out var setFlushDenormal))
            return false;
        var context = ((delegate* unmanaged<IntPtr>)globalContext)();
        return ((delegate* unmanaged<IntPtr, byte, byte>)setFlushDenormal)(context, 1) != 0;
    }
}
