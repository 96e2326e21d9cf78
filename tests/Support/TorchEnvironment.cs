using System.Runtime.CompilerServices;

namespace HybridRecommender.Tests.Support;

internal static class TorchEnvironment
{
    /// <summary>Tests may touch TorchSharp before the training assembly loads: apply its OpenMP setting first.</summary>
    [ModuleInitializer]
    internal static void Initialise() => OpenMpWaitPolicy.UseShortSpinUnlessSet();
}
