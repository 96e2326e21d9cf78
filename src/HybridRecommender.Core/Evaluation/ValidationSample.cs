namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// A fixed, seeded sample of a ranking protocol's users, for when ranking them all over the catalogue would cost too much
/// (users × movies): the same users every epoch and every grid point, so their figures compare. A protocol with no
/// more users than the limit is returned as it is.
/// </summary>
public static class ValidationSample
{
    public static RankingProtocol Of(RankingProtocol protocol, int maxUsers, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUsers, 1);
        if (protocol.Users.Count <= maxUsers) return protocol;
        var users = protocol.Users.ToArray();
        new Random(seed ^ 0x5A3F).Shuffle(users);
        var kept = users.Take(maxUsers).ToHashSet();
        return protocol.ForUsers(kept.Contains);
    }

    /// <summary>Users × movies that fold-in (cold start, fold-in tuning) may fit over: see <see cref="FoldInUsers"/>.</summary>
    public const long FoldInBudget = 25_000_000;

    /// <summary>
    /// Most users to fold in over a catalogue of <paramref name="movies"/>: each fit's relevance term costs O(movies · d²) (its
    /// Hessian), so the users are capped at <see cref="FoldInBudget"/> / movies — every ML-1M user (6,438 ≥ its 5,784), 2,340
    /// at 10,681 movies, 285 at ML-32M's 87,585 — and at <paramref name="maxUsers"/>.
    /// </summary>
    public static int FoldInUsers(int movies, int maxUsers) => (int)Math.Clamp(FoldInBudget / Math.Max(movies, 1), 1, Math.Max(maxUsers, 1));
}
