using System.Diagnostics;
using HybridRecommender.Core.Feedback;
using HybridRecommender.Tests.Support;
using Npgsql;

namespace HybridRecommender.Tests.Feedback;

/// <summary>
/// Creating the schema at start-up is bounded by the start-up timeout, not by a request's deadline:
/// on a loaded server the first connection and the DDL take longer than a request may wait, and an
/// API that could not start there would be down where it only had to be slow.
/// </summary>
public sealed class PostgresStartupTimeoutTests
{
    [Theory, PostgresStore]
    public async Task A_slow_server_is_migrated_at_start_though_a_request_on_it_gets_a_503(string kind)
    {
        await using var db = new TestStores(kind);
        var real = new NpgsqlConnectionStringBuilder(db.Target);
        // Opening a connection takes several replies: together longer than the whole deadline of a request.
        await using var proxy = new LoopbackTcpProxy(real.Host!, real.Port) { ReplyLatency = TimeSpan.FromSeconds(0.6) };
        var viaProxy = new NpgsqlConnectionStringBuilder(db.Target) { Host = "127.0.0.1", Port = proxy.Port };
        var options = new DatabaseCallOptions { Deadline = TimeSpan.FromSeconds(1), BreakDuration = TimeSpan.FromSeconds(0.5) };
        await using var store = new PostgresFeedbackStore(viaProxy.ToString(), options);

        await store.InitialiseAsync(maxReservedUserId: 100);

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<FeedbackUnavailableException>(() => store.SchemaVersionAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"a request's call took {clock.Elapsed.TotalSeconds:F1} s under a 1 s deadline");

        proxy.ReplyLatency = TimeSpan.Zero;
        await Task.Delay(TimeSpan.FromSeconds(0.6)); // past the breaker's open time
        Assert.Equal(FeedbackSchema.LatestVersion, await store.SchemaVersionAsync());
    }
}
