namespace HybridRecommender.Training;

/// <summary>
/// One dedicated thread that runs a fixed job while the caller goes on, and reports when it is done: how
/// <see cref="SampledBatchStep"/> puts its managed work (row Adam, the next batch's rows) on the second core while libtorch
/// runs the forward and backward pass on the first.
/// <para>
/// The job must not allocate. TorchSharp lets implicit <c>Scalar</c>s (every <c>a + b</c> makes one) go to the finalizer
/// while the native call that reads them runs; on one thread no garbage collection can start during that call, but an
/// allocation on another thread can start one, and the Scalar is freed under libtorch (dotnet/TorchSharp#1434, seen here
/// as crashes in <c>Scalar.toFloat</c>). <see cref="AllocatedBytes"/> counts what the thread allocated, so a test holds it at zero.
/// </para>
/// </summary>
public sealed class StepWorker : IDisposable
{
    private readonly Action _job;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _start = new(0), _done = new(0);
    private volatile bool _stopping;
    private bool _running;
    private Exception? _failure;
    private long _allocated;

    /// <summary>Starts the thread; <paramref name="job"/> runs once per <see cref="Run"/>.</summary>
    public StepWorker(Action job, string name)
    {
        _job = job;
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Bytes the worker thread allocated so far, jobs and waits (must stay 0; see the class remarks).</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocated);

    /// <summary>Starts one run of the job; the caller must <see cref="Wait"/> before the next.</summary>
    public void Run()
    {
        if (_running) throw new InvalidOperationException("The worker is still running its job; Wait() first.");
        _running = true;
        _start.Release();
    }

    /// <summary>Waits for the job started by <see cref="Run"/> (at once if none is running) and rethrows its failure.</summary>
    public void Wait()
    {
        if (!_running) return;
        _done.Wait();
        _running = false;
        if (_failure is { } failure)
        {
            _failure = null;
            throw new InvalidOperationException($"The training step's worker failed: {failure.Message}", failure);
        }
    }

    private void Loop()
    {
        // Everything the thread allocates from here on counts, its waits included.
        var start = GC.GetAllocatedBytesForCurrentThread();
        while (true)
        {
            _start.Wait();
            if (_stopping) return;
            try { _job(); }
            catch (Exception e) { _failure = e; }
            Interlocked.Exchange(ref _allocated, GC.GetAllocatedBytesForCurrentThread() - start);
            _done.Release();
        }
    }

    public void Dispose()
    {
        if (_running) _done.Wait();
        _running = false;
        _stopping = true;
        _start.Release();
        _thread.Join();
        _start.Dispose();
        _done.Dispose();
    }
}
