using HybridRecommender.Training;

namespace HybridRecommender.Tests.Training;

/// <summary>The training assembly asks glibc to keep 256 MB of freed heap (docs/MODEL.md, "malloc keeps its slack").</summary>
public sealed class NativeHeapSlackTests
{
    [Fact]
    public void Malloc_takes_the_slack_on_Linux_unless_the_user_set_it()
    {
        NativeHeapSlack.KeepUnlessSet(); // already run when the assembly loaded; calling it again is harmless
        var expected = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable(NativeHeapSlack.Variable) is null;
        Assert.Equal(expected, NativeHeapSlack.Applied);
        Assert.Equal(expected && Environment.GetEnvironmentVariable(NativeHeapSlack.MmapThresholdVariable) is null, NativeHeapSlack.MmapThresholdApplied);
    }
}
