using HybridRecommender.Core.Training;
using static TorchSharp.torch;

namespace HybridRecommender.Training;

/// <summary>Where and how libtorch runs: the device from --device and its intra-op thread count from --threads.</summary>
public static class TorchRuntime
{
    /// <summary>Held while a network is built and trained: libtorch's RNG and thread count are per process.</summary>
    public static readonly object ProcessWide = new();

    public static Device Configure(TrainingOptions options)
    {
        var name = options.NormalisedDevice();
        // libtorch's own pool; also the inter-op pool stays at one thread (batches run one after another).
        set_num_threads(options.Threads);
        FlushDenormals.Enable();
        return name == "cpu" ? CPU : CudaDevice(name);
    }

    /// <summary>
    /// One libtorch intra-op thread, for the sampled objective's steps: a hundred-odd small ops per batch, where two OpenMP
    /// threads gain nothing on an idle machine and, on a busy one, wait on each other at every op — measured at the ML-32M
    /// shape with 12–14 other runnable threads on the two cores: 37–49 ms a batch on one thread, 127–141 ms on two
    /// (docs/BENCHMARKS.md, "Training at scale"). The other core runs the steps' managed work (<see cref="LazyRowAdam"/>'s
    /// pass) and validation.
    /// </summary>
    public static void UseOneIntraOpThread() => set_num_threads(1);

    private static Device CudaDevice(string name)
    {
        if (!cuda.is_available())
            throw new ArgumentException($"--device {name}: CUDA is not available. training/HybridRecommender.Training.csproj references libtorch's CPU build " +
                                        "(the libtorch-cpu-* packages); replace them with a CUDA build of libtorch (for example the TorchSharp-cuda-linux or " +
                                        "TorchSharp-cuda-windows package) and run on a machine with an NVIDIA GPU to train on it.");
        return new Device(name);
    }
}
