using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Evaluation;

/// <summary>A tiny bundle trained on <see cref="SyntheticDataset"/>, saved to a temp folder and loaded back (shared by a test class).</summary>
public sealed class SyntheticBundle : IDisposable
{
    public static readonly TrainingOptions Options = new() { Epochs = 2, Dim = 8, Hidden = [8], Threads = 1, BatchSize = 256, RelevanceWeight = 1f, RelevanceL2 = 1e-4f, AbsoluteErrorWeight = 0.25f };

    public SyntheticBundle()
    {
        Data = SyntheticDataset.Create();
        Folder = Path.Combine(Path.GetTempPath(), "hr-eval-tests-" + Guid.NewGuid().ToString("N")[..12]);
        TrainingPipeline.Run(Data, Options, new Dictionary<string, string>()).Bundle.Save(Folder);
        Bundle = ModelBundle.Load(Folder);
    }

    public MovieLensDataset Data { get; }
    public string Folder { get; }
    public ModelBundle Bundle { get; }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
