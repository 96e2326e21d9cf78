using HybridRecommender.Core.Data;

namespace HybridRecommender.Core.Training;

/// <summary>
/// The seeded random train / validation / test split over all ratings (the literature's ML-1M
/// protocol: 90% train, 10% test; validation is carved from train for early stopping).
/// Reproducible from the data and the seed alone, in any language: each rating (userId, movieId)
/// gets x = SplitMix64((userId · 2³² + movieId) XOR SplitMix64(seed)) >> 11, scaled by 2⁻⁵³ into [0, 1).
/// x &lt; test → test; x &lt; test + validation·(1 − test) → validation; otherwise train.
/// It depends on neither file order nor thread count. docs/MODEL.md gives the code.
/// </summary>
public sealed class RatingsSplit
{
    public const double DefaultTestFraction = 0.10;
    public const double DefaultValidationFraction = 0.05;

    private RatingsSplit(int seed, double testFraction, double validationFraction, int[] train, int[] validation, int[] test)
    {
        Seed = seed;
        TestFraction = testFraction;
        ValidationFraction = validationFraction;
        Train = train;
        Validation = validation;
        Test = test;
    }

    public int Seed { get; }
    public double TestFraction { get; }
    /// <summary>Fraction of the non-test ratings held out for validation.</summary>
    public double ValidationFraction { get; }

    /// <summary>Positions into the dataset's <see cref="RatingTable"/>, in file order.</summary>
    public int[] Train { get; }
    public int[] Validation { get; }
    public int[] Test { get; }

    public static RatingsSplit Create(MovieLensDataset data, int seed,
        double testFraction = DefaultTestFraction, double validationFraction = DefaultValidationFraction)
    {
        if (testFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(testFraction));
        if (validationFraction is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(validationFraction));
        var r = data.Ratings;
        var salt = SplitMix64((ulong)(long)seed);
        var validEdge = testFraction + validationFraction * (1 - testFraction);
        List<int> train = new(r.Count), valid = new(), test = new();
        for (var i = 0; i < r.Count; i++)
        {
            var userId = data.UserIds.IdAt(r.UserIndex[i]);
            var movieId = data.MovieIds.IdAt(r.MovieIndex[i]);
            var x = UnitValue(userId, movieId, salt);
            if (x < testFraction) test.Add(i);
            else if (x < validEdge) valid.Add(i);
            else train.Add(i);
        }
        return new RatingsSplit(seed, testFraction, validationFraction, train.ToArray(), valid.ToArray(), test.ToArray());
    }

    /// <summary>
    /// The same split with the train and validation positions <paramref name="remove"/> accepts taken out (test unchanged):
    /// e.g. every train and validation rating of the movies item cold start holds out.
    /// </summary>
    public RatingsSplit Without(Func<int, bool> remove) =>
        new(Seed, TestFraction, ValidationFraction, Train.Where(i => !remove(i)).ToArray(), Validation.Where(i => !remove(i)).ToArray(), Test);

    /// <summary>Whether the rating (userId, movieId) falls in the train part of the split with these parameters (a pure function of the ids).</summary>
    public static bool IsTrain(int userId, int movieId, int seed, double testFraction, double validationFraction) =>
        UnitValue(userId, movieId, SplitMix64((ulong)(long)seed)) >= testFraction + validationFraction * (1 - testFraction);

    /// <summary>The rating's position in [0, 1): see the class summary.</summary>
    public static double UnitValue(int userId, int movieId, ulong salt)
    {
        var key = ((ulong)(uint)userId << 32) | (uint)movieId;
        return (SplitMix64(key ^ salt) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>SplitMix64 (Steele, Lea &amp; Flood 2014) of one value: add the golden gamma, then mix.</summary>
    public static ulong SplitMix64(ulong x)
    {
        var z = x + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
