using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HybridRecommender.Tests.Api;

/// <summary>After the first start, a missing SQLite file stops the host with one critical line instead of starting afresh.</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class FeedbackDatabaseStartupTests(TrainedBundleFixture fixture)
{
    [Fact]
    public async Task A_database_file_missing_after_the_first_start_stops_the_host_with_one_line()
    {
        var folder = Path.Combine(fixture.Root, "startup-" + Guid.NewGuid().ToString("N"));
        using (var first = Factory(folder, new CapturingLoggerProvider()))
        using (var client = first.CreateClient())
            Assert.True((await client.PostAsync("/users", null)).IsSuccessStatusCode);
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(folder, "feedback.db*").Where(f => !f.EndsWith(".highwater", StringComparison.Ordinal)))
            File.Delete(file);

        var logs = new CapturingLoggerProvider();
        using var second = Factory(folder, logs);
        Assert.ThrowsAny<Exception>(() => second.CreateClient());

        var critical = Assert.Single(logs.Entries, e => e.Level == LogLevel.Critical);
        Assert.Contains("missing", critical.Message, StringComparison.Ordinal);
        Assert.Contains("Restore", critical.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', critical.Message);
        Assert.False(File.Exists(Path.Combine(folder, "feedback.db")));
    }

    private WebApplicationFactory<Program> Factory(string folder, CapturingLoggerProvider logs) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Model:Path", fixture.ModelPath)
            .UseSetting("Model:PlotsPath", fixture.PlotsPath)
            .UseSetting("Feedback:Folder", folder)
            .ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
}
