using HybridRecommender.Core.Feedback;

namespace HybridRecommender.Tests.Feedback;

/// <summary>PUT and DELETE of one (user, movie) from 16 threads at once, on each database.</summary>
public sealed class ConcurrentWriteTests
{
    private const int Threads = 16, OpsPerThread = 40;

    // Without retries: any deadlock (two write paths taking the user and rating rows in opposite
    // orders) would surface as an error here.
    [Theory, SqliteStore, PostgresStore]
    public async Task Set_and_delete_of_one_key_never_deadlock_and_every_acknowledged_write_counts(string kind)
    {
        await using var db = new TestStores(kind);
        var setup = await db.OpenInitialisedAsync();
        var user = await setup.CreateUserAsync(Enumerable.Repeat((byte)9, 32).ToArray());
        await using var store = FeedbackStores.Open(db.Target, new DatabaseCallOptions { MaxRetries = 0, Deadline = TimeSpan.FromSeconds(30) });
        const int movie = 7;

        long sets = 0, deletesThatRemoved = 0;
        var errors = new List<Exception>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, Threads).Select(t => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < OpsPerThread; i++)
            {
                try
                {
                    if ((t + i) % 2 == 0)
                    {
                        await store.SetRatingAsync(user, movie, (t + i) % 5 + 1);
                        Interlocked.Increment(ref sets);
                    }
                    else if (await store.DeleteRatingAsync(user, movie)) Interlocked.Increment(ref deletesThatRemoved);
                }
                catch (Exception e) { lock (errors) errors.Add(e); }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(workers);

        Assert.Empty(errors.Select(e => e.InnerException?.Message ?? e.Message));
        // Every acknowledged write bumped the version exactly once (creation is version 1): none lost, none doubled.
        Assert.Equal(1 + sets + deletesThatRemoved, await store.VersionAsync(user));
        Assert.Equal(Threads * OpsPerThread / 2, sets);
    }
}
