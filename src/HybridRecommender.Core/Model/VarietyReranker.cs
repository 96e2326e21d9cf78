using System.Numerics.Tensors;

namespace HybridRecommender.Core.Model;

/// <summary>
/// Variety on request (GET /recommend's <c>diversity</c> and <c>novelty</c>, and evaluate's trade-off table): re-ranks a
/// pool of the best-scoring candidates by maximal marginal relevance. With r_i the served score min–max scaled to [0, 1]
/// over the pool, n_i = 1 − log(1 + c_i) / log(1 + c_max) the movie's novelty from its train rating count c_i, and S the
/// movies already picked, each slot takes the candidate maximising
/// <c>(1 − δ)·((1 − ν)·r_i + ν·n_i) − δ·max_{j ∈ S} cos(e_i, e_j)</c>, ties to the better-scored. δ = ν = 0 is the plain
/// top of the pool: today's list. cos is over the model's movie vectors e_i (those of "similar movies"). The request's knobs
/// (0–1) map to the strengths δ, ν through <see cref="Strength"/>, calibrated on validation so that 0.5 is a middle setting. Immutable.
/// </summary>
public sealed class VarietyReranker
{
    /// <summary>Candidates kept per list slot before re-ranking (at least <see cref="MinimumPool"/>).</summary>
    public const int PoolPerSlot = 10;
    public const int MinimumPool = 100;

    private readonly UnitMovieVectors _unit;
    private readonly float[] _novelty;

    /// <param name="scorer">Supplies the movie vectors e_i.</param>
    /// <param name="trainingCounts">Train ratings per movie index (the bundle's catalogue counts).</param>
    public VarietyReranker(RatingScorer scorer, IReadOnlyList<int> trainingCounts) : this(new UnitMovieVectors(scorer), trainingCounts) { }

    /// <param name="unit">The movie vectors e_i at unit length (shared with similar movies).</param>
    /// <param name="trainingCounts">Train ratings per movie index (the bundle's catalogue counts).</param>
    public VarietyReranker(UnitMovieVectors unit, IReadOnlyList<int> trainingCounts)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (trainingCounts.Count != unit.Count)
            throw new ArgumentException($"{trainingCounts.Count} training counts for {unit.Count} movies.", nameof(trainingCounts));
        _unit = unit;
        var max = Math.Log(1 + Math.Max(1, trainingCounts.Max()));
        _novelty = trainingCounts.Select(c => (float)(1 - Math.Log(1 + Math.Max(0, c)) / max)).ToArray();
    }

    public int MovieCount => _novelty.Length;

    /// <summary>How many of the best candidates a list of <paramref name="count"/> is chosen from.</summary>
    public static int PoolSize(int count) => Math.Max(MinimumPool, count * PoolPerSlot);

    /// <summary>n_i ∈ [0, 1]: 0 for the most-rated movie, 1 for a movie with no train rating.</summary>
    public float Novelty(int movie) => _novelty[movie];

    /// <summary>Cosine of the two movies' vectors (0 when either is a zero vector).</summary>
    public float Similarity(int a, int b) => TensorPrimitives.Dot(Row(a), Row(b));

    private ReadOnlySpan<float> Row(int m) => _unit.Row(m);

    /// <summary>Checks a request's weights: each in [0, 1].</summary>
    public static bool IsValidWeight(float w) => w is >= 0f and <= 1f;

    /// <summary>
    /// The strength ν that the novelty knob 0.5 maps to. Chosen on VALIDATION (`training -- tune-served`): the smallest ν of
    /// the grid whose validation coverage reaches 1.5× the plain lists' (docs/EVALUATION.md §6b). Raw ν = 0.5 gave only ≈1.25×.
    /// </summary>
    public const float NoveltyMidpoint = 0.65f;

    /// <summary>
    /// The strength δ that the diversity knob 0.5 maps to: 0.5 (uncalibrated). No δ of the validation grid widens coverage to
    /// 1.5× — MMR re-orders one user's pool, it does not reach other movies (docs/EVALUATION.md §6b) — so the knob keeps its scale.
    /// </summary>
    public const float DiversityMidpoint = 0.5f;

    /// <summary>
    /// A request's knob x ∈ [0, 1] as a strength: piecewise linear through (0, 0), (0.5, <paramref name="midpoint"/>), (1, 1).
    /// 0 stays 0 exactly (the plain list) and 1 stays 1.
    /// </summary>
    public static float Strength(float knob, float midpoint) =>
        knob <= 0.5f ? 2 * knob * midpoint : Math.Min(1f, midpoint + (knob - 0.5f) * 2 * (1 - midpoint));

    /// <summary>
    /// The list of at most <paramref name="count"/> movies from <paramref name="pool"/> (best-scored first, with their
    /// <paramref name="scores"/>, all finite) for the request's diversity and novelty knobs, each in [0, 1] (mapped by <see cref="Strength"/>).
    /// </summary>
    public int[] Select(ReadOnlySpan<int> pool, ReadOnlySpan<float> scores, int count, float diversity, float novelty)
    {
        if (!IsValidWeight(diversity)) throw new ArgumentOutOfRangeException(nameof(diversity), $"diversity must be in [0, 1]; got {diversity}.");
        if (!IsValidWeight(novelty)) throw new ArgumentOutOfRangeException(nameof(novelty), $"novelty must be in [0, 1]; got {novelty}.");
        return SelectByStrength(pool, scores, count, Strength(diversity, DiversityMidpoint), Strength(novelty, NoveltyMidpoint));
    }

    /// <summary>As <see cref="Select"/> with the strengths δ and ν themselves (each in [0, 1]): the calibration's search calls it.</summary>
    public int[] SelectByStrength(ReadOnlySpan<int> pool, ReadOnlySpan<float> scores, int count, float diversity, float novelty)
    {
        if (!IsValidWeight(diversity)) throw new ArgumentOutOfRangeException(nameof(diversity), $"δ must be in [0, 1]; got {diversity}.");
        if (!IsValidWeight(novelty)) throw new ArgumentOutOfRangeException(nameof(novelty), $"ν must be in [0, 1]; got {novelty}.");
        if (scores.Length != pool.Length) throw new ArgumentException($"{pool.Length} candidates but {scores.Length} scores.", nameof(scores));
        var n = Math.Min(count, pool.Length);
        if ((diversity == 0 && novelty == 0) || n == 0) return pool[..n].ToArray();

        var min = TensorPrimitives.Min(scores);
        var range = TensorPrimitives.Max(scores) - min;
        var value = new float[pool.Length];   // (1 − δ)·((1 − ν)·r + ν·n)
        var nearest = new float[pool.Length]; // max cos to the picked movies
        var taken = new bool[pool.Length];
        for (var c = 0; c < pool.Length; c++)
        {
            var r = range > 0 ? (scores[c] - min) / range : 1f;
            value[c] = (1 - diversity) * ((1 - novelty) * r + novelty * _novelty[pool[c]]);
            nearest[c] = float.NegativeInfinity;
        }
        var picks = new int[n];
        for (var slot = 0; slot < n; slot++)
        {
            var best = -1;
            var bestValue = float.NegativeInfinity;
            for (var c = 0; c < pool.Length; c++)
            {
                if (taken[c]) continue;
                var v = slot == 0 || diversity == 0 ? value[c] : value[c] - diversity * nearest[c];
                if (v > bestValue) { best = c; bestValue = v; }
            }
            taken[best] = true;
            picks[slot] = pool[best];
            if (diversity == 0) continue;
            var picked = Row(pool[best]);
            for (var c = 0; c < pool.Length; c++)
                if (!taken[c]) nearest[c] = Math.Max(nearest[c], TensorPrimitives.Dot(picked, Row(pool[c])));
        }
        return picks;
    }

    /// <summary>Mean cosine over the list's pairs (0 for fewer than two movies): evaluate's intra-list similarity.</summary>
    public double IntraListSimilarity(IReadOnlyList<int> list)
    {
        if (list.Count < 2) return 0;
        double sum = 0;
        var pairs = 0;
        for (var a = 0; a < list.Count; a++)
            for (var b = a + 1; b < list.Count; b++) { sum += Similarity(list[a], list[b]); pairs++; }
        return sum / pairs;
    }
}
