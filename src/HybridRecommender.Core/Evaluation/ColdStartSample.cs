using HybridRecommender.Core.Data;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// Which training ratings a cold-start user "gives" the model: per user, their training rating
/// positions in a seeded random order; the sample of size k is the first k, so the k = 5 sample is
/// inside the k = 10 one. Each user's order depends only on the seed, the user index and the user's
/// training positions (not on threads or on which other users are sampled).
/// </summary>
public sealed class ColdStartSample
{
    private readonly Dictionary<int, int[]> _order;

    private ColdStartSample(Dictionary<int, int[]> order, int seed)
    {
        _order = order;
        Seed = seed;
    }

    public int Seed { get; }

    public static ColdStartSample Create(RatingTable ratings, IReadOnlyList<int> train, IEnumerable<int> users, int seed)
    {
        var wanted = users.ToHashSet();
        var byUser = wanted.ToDictionary(u => u, _ => new List<int>());
        foreach (var i in train)
            if (byUser.TryGetValue(ratings.UserIndex[i], out var list)) list.Add(i);
        var order = new Dictionary<int, int[]>();
        foreach (var (user, list) in byUser)
        {
            var positions = list.Order().ToArray();
            var rng = new Random(unchecked(seed * 1_000_003 + user));
            for (var n = positions.Length - 1; n > 0; n--)
            {
                var j = rng.Next(n + 1);
                (positions[n], positions[j]) = (positions[j], positions[n]);
            }
            order[user] = positions;
        }
        return new ColdStartSample(order, seed);
    }

    /// <summary>The user's k sampled training positions, or false when they have fewer than k.</summary>
    public bool TryTake(int user, int k, out ReadOnlySpan<int> positions)
    {
        positions = default;
        if (!_order.TryGetValue(user, out var all) || all.Length < k) return false;
        positions = all.AsSpan(0, k);
        return true;
    }
}
