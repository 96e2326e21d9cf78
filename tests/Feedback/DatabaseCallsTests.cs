using System.Diagnostics;
using HybridRecommender.Core.Feedback;
using Npgsql;

namespace HybridRecommender.Tests.Feedback;

/// <summary>The one retry/deadline pipeline every store call goes through, on fake database calls.</summary>
public sealed class DatabaseCallsTests
{
    private sealed class ConflictException : Exception;
    private sealed class ConnectionException : Exception;
    private sealed class FullException : Exception;

    private static DatabaseFault Classify(Exception e) => e switch
    {
        ConflictException => DatabaseFault.Conflict,
        ConnectionException => DatabaseFault.Connection,
        FullException => DatabaseFault.Unavailable,
        _ => DatabaseFault.None,
    };

    private sealed class Outages : IDatabaseOutageObserver
    {
        public List<string> Started { get; } = [];
        public List<long> EndedWithFailures { get; } = [];
        public void OutageStarted(FeedbackUnavailableException first) => Started.Add(first.Reason);
        public void OutageEnded(TimeSpan duration, long failedCalls) => EndedWithFailures.Add(failedCalls);
    }

    private static DatabaseCalls Calls(Outages? observer = null, int retries = 5, double deadlineSeconds = 5) => new(new DatabaseCallOptions
    {
        Deadline = TimeSpan.FromSeconds(deadlineSeconds),
        MaxRetries = retries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        BreakDuration = TimeSpan.FromMilliseconds(500),
        Observer = observer,
    }, Classify);

    [Fact]
    public async Task A_lost_race_is_retried_until_it_succeeds()
    {
        var attempts = 0;
        var result = await Calls().RunAsync(_ => ++attempts < 3 ? throw new ConflictException() : Task.FromResult(42), CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Retries_are_bounded_and_then_the_caller_gets_unavailable()
    {
        var attempts = 0;
        var e = await Assert.ThrowsAsync<FeedbackUnavailableException>(() =>
            Calls(retries: 3).RunAsync<int>(_ => { attempts++; throw new ConflictException(); }, CancellationToken.None));

        Assert.Equal(4, attempts);
        Assert.Equal(FeedbackUnavailableException.Failing, e.Reason);
        Assert.IsType<ConflictException>(e.InnerException);
    }

    [Fact]
    public async Task A_full_disk_is_not_retried()
    {
        var attempts = 0;
        var e = await Assert.ThrowsAsync<FeedbackUnavailableException>(() =>
            Calls().RunAsync<int>(_ => { attempts++; throw new FullException(); }, CancellationToken.None));

        Assert.Equal(1, attempts);
        Assert.Equal(FeedbackUnavailableException.Refusing, e.Reason);
    }

    [Fact]
    public async Task A_bug_is_passed_on_unchanged()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Calls().RunAsync<int>(_ => { attempts++; throw new InvalidOperationException("bug"); }, CancellationToken.None));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_call_that_hangs_ends_at_the_deadline_as_unavailable()
    {
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<FeedbackUnavailableException>(() =>
            Calls(deadlineSeconds: 0.3).RunAsync(async ct => { await Task.Delay(Timeout.Infinite, ct); return 0; }, CancellationToken.None));

        Assert.Equal(FeedbackUnavailableException.TimedOut, e.Reason);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.25, 5); // the deadline, not the hang
    }

    [Fact]
    public async Task A_caller_that_gives_up_gets_its_cancellation_not_a_503()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Calls().RunAsync(async ct => { await Task.Delay(Timeout.Infinite, ct); return 0; }, cts.Token));
    }

    [Fact]
    public async Task An_outage_is_reported_once_and_its_end_with_the_count_of_failures()
    {
        var outages = new Outages();
        var calls = Calls(outages, retries: 0);
        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAsync<FeedbackUnavailableException>(() => calls.RunAsync<int>(_ => throw new ConnectionException(), CancellationToken.None));
        await Task.Delay(700); // past the circuit breaker's break: the next call reaches the database again
        await calls.RunAsync(_ => Task.FromResult(1), CancellationToken.None);
        await calls.RunAsync(_ => Task.FromResult(1), CancellationToken.None);

        Assert.Equal([FeedbackUnavailableException.Unreachable], outages.Started);
        Assert.Equal([3L], outages.EndedWithFailures);
    }

    [Fact]
    public async Task While_the_database_keeps_failing_calls_fail_at_once_without_reaching_it()
    {
        var attempts = 0;
        var calls = Calls(retries: 0);
        for (var i = 0; i < 10; i++)
            await Assert.ThrowsAsync<FeedbackUnavailableException>(() => calls.RunAsync<int>(_ => { attempts++; throw new ConnectionException(); }, CancellationToken.None));

        Assert.InRange(attempts, 2, 9); // the breaker opened after its minimum throughput
    }

    [Theory]
    [InlineData(PostgresErrorCodes.DeadlockDetected, DatabaseFault.Conflict)]
    [InlineData(PostgresErrorCodes.SerializationFailure, DatabaseFault.Conflict)]
    [InlineData(PostgresErrorCodes.DiskFull, DatabaseFault.Unavailable)]
    [InlineData(PostgresErrorCodes.AdminShutdown, DatabaseFault.Connection)]
    [InlineData(PostgresErrorCodes.CannotConnectNow, DatabaseFault.Connection)]
    [InlineData(PostgresErrorCodes.TooManyConnections, DatabaseFault.Connection)]
    [InlineData(PostgresErrorCodes.UndefinedTable, DatabaseFault.None)]
    public void Postgres_errors_are_classified_by_sqlstate(string sqlState, DatabaseFault expected) =>
        Assert.Equal(expected, PostgresFeedbackStore.Classify(new PostgresException("x", "ERROR", "ERROR", sqlState)));

    [Theory]
    [InlineData(SQLitePCL.raw.SQLITE_BUSY, DatabaseFault.Conflict)]
    [InlineData(SQLitePCL.raw.SQLITE_LOCKED, DatabaseFault.Conflict)]
    [InlineData(SQLitePCL.raw.SQLITE_FULL, DatabaseFault.Unavailable)]
    [InlineData(SQLitePCL.raw.SQLITE_IOERR, DatabaseFault.Unavailable)]
    [InlineData(SQLitePCL.raw.SQLITE_CORRUPT, DatabaseFault.Unavailable)]
    [InlineData(SQLitePCL.raw.SQLITE_CONSTRAINT, DatabaseFault.None)]
    public void Sqlite_errors_are_classified_by_result_code(int code, DatabaseFault expected) =>
        Assert.Equal(expected, SqliteFeedbackStore.Classify(new Microsoft.Data.Sqlite.SqliteException("x", code)));

    [Fact]
    public void A_dropped_postgres_connection_is_a_connection_fault() =>
        Assert.Equal(DatabaseFault.Connection, PostgresFeedbackStore.Classify(new NpgsqlException("Exception while reading from stream", new IOException())));
}
