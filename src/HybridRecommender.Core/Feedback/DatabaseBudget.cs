using System.Diagnostics;

namespace HybridRecommender.Core.Feedback;

/// <summary>
/// One deadline for all database calls of a unit of work (an HTTP request): inside <see cref="Begin"/>,
/// <see cref="DatabaseCalls"/> gives each call only what is left, so a request that makes three calls
/// still ends within one deadline. Outside any budget each call gets the whole deadline.
/// </summary>
public static class DatabaseBudget
{
    private static readonly AsyncLocal<long> EndsAt = new(); // Stopwatch timestamp; 0: no budget

    public static IDisposable Begin(TimeSpan budget)
    {
        var previous = EndsAt.Value;
        EndsAt.Value = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        return new Scope(previous);
    }

    /// <summary>The time left of the current budget, capped at <paramref name="perCall"/>; at least 1 ms.</summary>
    internal static TimeSpan Remaining(TimeSpan perCall)
    {
        var endsAt = EndsAt.Value;
        if (endsAt == 0) return perCall;
        var left = TimeSpan.FromSeconds((double)(endsAt - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
        return left < perCall ? (left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1)) : perCall;
    }

    private sealed class Scope(long previous) : IDisposable
    {
        public void Dispose() => EndsAt.Value = previous;
    }
}
