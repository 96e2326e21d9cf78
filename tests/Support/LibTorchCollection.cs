namespace HybridRecommender.Tests.Support;

/// <summary>
/// Every test class that runs libtorch code, so that no two run at once. libtorch's thread count, RNG and
/// oneDNN caches belong to the process: <c>at::set_num_threads</c> (called by every training, and by libtorch
/// itself the first time a thread starts a parallel op) rebuilds its thread pool and clears those caches
/// under any op another test thread has in flight. The product trains one network at a time
/// (<c>TorchRuntime.ProcessWide</c>); the tests keep to the same rule. Classes in other collections run
/// beside these; the API collection, whose fixture trains, is not parallelised with anything.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LibTorchCollection
{
    public const string Name = "libtorch (one at a time)";
}
