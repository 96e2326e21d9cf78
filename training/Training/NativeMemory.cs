using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace HybridRecommender.Training;

/// <summary>
/// A CPU tensor's memory as an address, and spans over such an address: taken once on the calling thread, so managed
/// passes (<see cref="LazyRowAdam"/>, <see cref="SampledBatchStep"/>'s worker) read and write libtorch's memory without a
/// TorchSharp call. The tensor must stay alive and contiguous while the address is used.
/// </summary>
public static class NativeMemory
{
    /// <summary>How many rows ahead a pass over random table rows asks for their memory (each would otherwise wait on a cache and TLB miss).</summary>
    public const int PrefetchDistance = 4;

    public static unsafe nint AddressOf(torch.Tensor t) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));
    public static unsafe Span<float> Floats(nint address, int length) => new((void*)address, length);
    public static unsafe Span<long> Longs(nint address, int length) => new((void*)address, length);
}
