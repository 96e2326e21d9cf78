using HybridRecommender.Training;

namespace HybridRecommender.Tests.Training;

/// <summary><see cref="StepWorker"/>: runs its job on its own thread, hands failures back at Wait, counts what it allocates.</summary>
public sealed class StepWorkerTests
{
    [Fact]
    public void The_job_runs_on_the_worker_thread_and_Wait_returns_after_it()
    {
        var ran = 0;
        var thread = -1;
        using var worker = new StepWorker(() => { thread = Environment.CurrentManagedThreadId; Thread.Sleep(20); ran++; }, "test");
        worker.Run();
        worker.Wait();
        worker.Run();
        worker.Wait();

        Assert.Equal(2, ran);
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
    }

    [Fact]
    public void A_failing_job_throws_at_Wait_and_the_worker_goes_on()
    {
        var fail = true;
        using var worker = new StepWorker(() => { if (fail) throw new ArgumentException("bad row"); }, "test");
        worker.Run();
        var e = Assert.Throws<InvalidOperationException>(worker.Wait);
        Assert.Contains("bad row", e.Message);

        fail = false;
        worker.Run();
        worker.Wait();
    }

    [Fact]
    public void Running_again_before_Wait_is_refused()
    {
        using var gate = new ManualResetEventSlim();
        using var worker = new StepWorker(() => gate.Wait(), "test");
        worker.Run();
        Assert.Throws<InvalidOperationException>(worker.Run);
        gate.Set();
        worker.Wait();
    }

    [Fact]
    public void It_counts_what_the_job_allocates()
    {
        // The count the sampled step's test holds at zero must see an allocation when there is one.
        object? kept = null;
        using var worker = new StepWorker(() => kept = new byte[10_000], "test");
        worker.Run();
        worker.Wait();

        Assert.NotNull(kept);
        Assert.InRange(worker.AllocatedBytes, 10_000, 1_000_000);
    }
}
