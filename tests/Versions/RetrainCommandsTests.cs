using HybridRecommender.Tests.Support;
using HybridRecommender.Training.Retraining;

namespace HybridRecommender.Tests.Versions;

/// <summary>The continuous-training commands refuse bad input with exit 2 (or 1 for a missing database) and say what is valid.</summary>
[Collection(LibTorchCollection.Name)] // beside the other tests that swap Console.Error
public sealed class RetrainCommandsTests
{
    private static async Task<(int Exit, string Error)> WithStandardError(Func<TextWriter, Task<int>> run)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try { return (await run(error), error.ToString()); }
        finally { Console.SetError(previous); }
    }

    [Theory]
    [InlineData("1h", 3600)]
    [InlineData("30m", 1800)]
    [InlineData("90s", 90)]
    [InlineData("1.5h", 5400)]
    public void Periods_read_hours_minutes_and_seconds(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetrainCommands.ParsePeriod(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("0s")]
    [InlineData("0.5s")]
    [InlineData("10x")]
    [InlineData("-1h")]
    public async Task A_bad_period_is_refused_saying_what_is_valid(string every)
    {
        var (exit, error) = await WithStandardError(e => TrainingCli.RunAsync(["worker", "--feedback", "missing.db", "--every", every], e));
        Assert.Equal(2, exit);
        Assert.Contains("--every takes a positive number followed by h, m or s", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_database_is_named_and_never_created()
    {
        var missing = Path.Combine(Path.GetTempPath(), "hr-missing-" + Guid.NewGuid().ToString("N"), "feedback.db");
        var (exit, error) = await WithStandardError(e => TrainingCli.RunAsync(["models", "list", "--feedback", missing], e));
        Assert.Equal(1, exit);
        Assert.Contains($"feedback database '{missing}' does not exist", error, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task A_version_that_is_not_a_number_is_refused()
    {
        var (exit, error) = await WithStandardError(e => TrainingCli.RunAsync(["models", "promote", "latest", "--feedback", "x.db"], e));
        Assert.Equal(2, exit);
        Assert.Contains("latest", error, StringComparison.Ordinal);
    }
}
