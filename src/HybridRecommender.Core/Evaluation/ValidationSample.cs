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

    /// <summary>Whether <paramref name="protocol"/> holds fewer users than <paramref name="all"/> (a sample was taken).</summary>
    public static bool IsSample(RankingProtocol protocol, RankingProtocol all) => protocol.Users.Count < all.Users.Count;
}
