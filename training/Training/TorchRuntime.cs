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

    private static Device CudaDevice(string name)
    {
        if (!cuda.is_available())
            throw new ArgumentException($"--device {name}: CUDA is not available. training/HybridRecommender.Training.csproj references libtorch's CPU build " +
                                        "(the libtorch-cpu-* packages); replace them with a CUDA build of libtorch (for example the TorchSharp-cuda-linux or " +
                                        "TorchSharp-cuda-windows package) and run on a machine with an NVIDIA GPU to train on it.");
        return new Device(name);
    }
}
