using System.Diagnostics;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace HybridRecommender.Core.Feedback;

/// <summary>
/// The one way a feedback store talks to its database: every store method runs its work through
/// <see cref="RunAsync{T}"/>, which
/// <list type="bullet">
/// <item>ends the whole call, retries included, within <see cref="DatabaseCallOptions.Deadline"/>, or within what
/// is left of the request's <see cref="DatabaseBudget"/>;</item>
/// <item>retries lost races (deadlock, serialization failure, busy lock) and dropped connections a bounded
/// number of times with exponential, jittered backoff;</item>
/// <item>stops calling a database that keeps failing for <see cref="DatabaseCallOptions.BreakDuration"/>
/// (circuit breaker), so that during an outage requests fail at once instead of each waiting the deadline;</item>
/// <item>turns every database failure it gives up on into <see cref="FeedbackUnavailableException"/> (503),
/// and tells the <see cref="IDatabaseOutageObserver"/> once per outage window.</item>
/// </list>
/// Built on Polly (timeout → retry → circuit breaker). A store classifies its own driver's errors.
/// </summary>
public sealed class DatabaseCalls
{
    // The caller's own token: a call the client abandoned is not a database failure.
    private static readonly ResiliencePropertyKey<CancellationToken> CallerToken = new("feedback.caller-token");

    private readonly ResiliencePipeline _pipeline;
    private readonly Func<Exception, DatabaseFault> _classify;
    private readonly IDatabaseOutageObserver? _observer;
    private readonly Lock _outageLock = new();
    private long _outageStarted; // Stopwatch timestamp of the first failure of the current outage; 0: none
    private long _failedCalls;
    private string _lastReason = FeedbackUnavailableException.Unreachable;

    public DatabaseCalls(DatabaseCallOptions options, Func<Exception, DatabaseFault> classify)
    {
        Options = options;
        _classify = e => e is FeedbackUnavailableException ? DatabaseFault.Unavailable : classify(e);
        _observer = options.Observer;
        var builder = new ResiliencePipelineBuilder().AddTimeout(new TimeoutStrategyOptions
        {
            // The deadline, or what is left of the request's (DatabaseBudget).
            TimeoutGenerator = _ => ValueTask.FromResult(DatabaseBudget.Remaining(options.Deadline)),
        });
        if (options.MaxRetries > 0) // Polly refuses a retry strategy of 0 attempts
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && _classify(e) is DatabaseFault.Conflict or DatabaseFault.Connection),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
            });
        _pipeline = builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception switch
                {
                    null => false,
                    // Cancelled by the deadline (not by the caller): the database did not answer.
                    OperationCanceledException => !args.Context.Properties.GetValue(CallerToken, CancellationToken.None).IsCancellationRequested,
                    var e => _classify(e) is DatabaseFault.Connection or DatabaseFault.Unavailable,
                }),
                // Opens when at least two calls in the window failed and none succeeded: an outage, not
                // a connection dropped once among successes.
                FailureRatio = 1.0,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(5),
                BreakDuration = options.BreakDuration,
            })
            .Build();
    }

    public DatabaseCallOptions Options { get; }

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(CallerToken, ct);
        try
        {
            // WaitAsync: a driver that is slow to honour cancellation (a frozen server) is left to finish
            // on its own (its own timeouts end it) rather than hold the request past the deadline.
            var result = await _pipeline.ExecuteAsync(static async (c, work) => await work(c.CancellationToken).WaitAsync(c.CancellationToken), context, call);
            Succeeded();
            return result;
        }
        catch (TimeoutRejectedException e)
        {
            throw Failed(new FeedbackUnavailableException(FeedbackUnavailableException.TimedOut, e));
        }
        catch (BrokenCircuitException e)
        {
            throw Failed(new FeedbackUnavailableException(_lastReason, e), countOnly: true);
        }
        catch (FeedbackUnavailableException e)
        {
            throw Failed(e);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && _classify(e) is not DatabaseFault.None and var fault)
        {
            var reason = fault switch
            {
                DatabaseFault.Connection => FeedbackUnavailableException.Unreachable,
                DatabaseFault.Unavailable => FeedbackUnavailableException.Refusing,
                _ => FeedbackUnavailableException.Failing,
            };
            throw Failed(new FeedbackUnavailableException(reason, e));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public Task RunAsync(Func<CancellationToken, Task> call, CancellationToken ct) =>
        RunAsync(async c => { await call(c); return true; }, ct);

    private void Succeeded()
    {
        if (Interlocked.Read(ref _outageStarted) == 0) return;
        TimeSpan duration;
        long failed;
        lock (_outageLock)
        {
            if (_outageStarted == 0) return;
            duration = Stopwatch.GetElapsedTime(_outageStarted);
            failed = _failedCalls;
            _outageStarted = 0;
            _failedCalls = 0;
        }
        _observer?.OutageEnded(duration, failed);
    }

    private FeedbackUnavailableException Failed(FeedbackUnavailableException e, bool countOnly = false)
    {
        bool first;
        lock (_outageLock)
        {
            first = _outageStarted == 0;
            if (first) _outageStarted = Stopwatch.GetTimestamp();
            _failedCalls++;
            if (!countOnly) _lastReason = e.Reason;
        }
        if (first) _observer?.OutageStarted(e);
        return e;
    }
}
