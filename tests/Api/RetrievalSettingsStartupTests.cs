using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HybridRecommender.Tests.Api;

/// <summary>Model:ExactScoringLimit and Model:CandidatePool out of range stop the host with one critical line naming the key and the valid range.</summary>
public sealed class RetrievalSettingsStartupTests
{
    [Theory]
    [InlineData("Model:CandidatePool", "5", "Model:CandidatePool is 5; it must be between 10 and 100,000")]
    [InlineData("Model:ExactScoringLimit", "-1", "Model:ExactScoringLimit is -1; it must be a whole number of movies ≥ 1")]
    public void An_out_of_range_setting_stops_the_host_naming_it(string key, string value, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("hr-retrieval-settings-").FullName;
        try
        {
            var logs = new CapturingLoggerProvider();
            using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
                .UseSetting("Model:Path", Path.Combine(folder, "model"))
                .UseSetting("Feedback:Folder", Path.Combine(folder, "feedback"))
                .UseSetting(key, value)
                .ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));

            Assert.ThrowsAny<Exception>(() => factory.CreateClient());
            var critical = Assert.Single(logs.Entries, e => e.Level == LogLevel.Critical);
            Assert.Contains(expected, critical.Message, StringComparison.Ordinal);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
