using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace HybridRecommender.Api.Feedback;

/// <summary>
/// Failed authentications (an unknown token, a wrong admin key, a malformed header) counted in fixed
/// windows per client address and per target user id. Once either budget is spent, further attempts
/// from that address or at that user are refused with 429 before the credential is even checked, so
/// guessing is slowed whatever the guesses are. System.Threading.RateLimiting's partitioned limiter
/// counts them; ASP.NET Core's rate-limiting middleware does not fit, because it counts requests before
/// the endpoint runs, not failures after authentication.
/// </summary>
public sealed class AuthFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _byAddress;
    private readonly PartitionedRateLimiter<string> _byUser;

    public AuthFailureLimiter(IOptions<FeedbackOptions> options)
    {
        var limits = options.Value.RateLimit;
        Window = TimeSpan.FromSeconds(Math.Max(1, limits.WindowSeconds));
        PerAddress = Math.Max(1, limits.AuthFailures);
        PerUser = Math.Max(1, limits.AuthFailuresPerUser);
        _byAddress = Create(PerAddress, Window);
        _byUser = Create(PerUser, Window);
    }

    public TimeSpan Window { get; }
    public int PerAddress { get; }
    public int PerUser { get; }

    /// <summary>How long to wait when the address's or the user's budget is spent; null while both have failures left.</summary>
    public TimeSpan? RetryAfter(string address, int? userId)
    {
        // Zero permits asks whether any are left without taking one.
        using var a = _byAddress.AttemptAcquire(address, 0);
        if (!a.IsAcquired) return Delay(a);
        if (userId is null) return null;
        using var u = _byUser.AttemptAcquire(UserKey(userId.Value), 0);
        return u.IsAcquired ? null : Delay(u);
    }

    /// <summary>Counts one failed authentication against the address and, when the request names one, the user.</summary>
    public void RecordFailure(string address, int? userId)
    {
        _byAddress.AttemptAcquire(address).Dispose();
        if (userId is not null) _byUser.AttemptAcquire(UserKey(userId.Value)).Dispose();
    }

    public void Dispose()
    {
        _byAddress.Dispose();
        _byUser.Dispose();
    }

    private TimeSpan Delay(RateLimitLease lease) => lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;

    private static string UserKey(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true }));
}
