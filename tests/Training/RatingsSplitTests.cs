using HybridRecommender.Core.Data;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Training;

public sealed class RatingsSplitTests
{
    private static readonly MovieLensDataset Data = SyntheticDataset.Create(users: 600, movies: 200, ratingsPerUser: 50, seed: 1);

    [Fact]
    public void SplitMix64_matches_the_published_sequence()
    {
        // SplitMix64 seeded with 0: state += 0x9E3779B97F4A7C15 then mix; the first two outputs are
        // the well-known 0xE220A8397B1DCDAF and 0x6E789E6AA1B965F4. Our function is one such step of x.
        Assert.Equal(0xE220A8397B1DCDAFUL, RatingsSplit.SplitMix64(0));
        Assert.Equal(0x6E789E6AA1B965F4UL, RatingsSplit.SplitMix64(0x9E3779B97F4A7C15UL));
    }

    [Fact]
    public void Unit_values_match_the_python_reference_in_MODEL_md()
    {
        // Computed with the Python in docs/MODEL.md (salt = splitmix64(42) = 0xBDD732262FEB6E95).
        var salt = RatingsSplit.SplitMix64(42);
        Assert.Equal(0xBDD732262FEB6E95UL, salt);
        Assert.Equal(0.6145522653063787, RatingsSplit.UnitValue(1, 1193, salt));
        Assert.Equal(0.1138114183364699, RatingsSplit.UnitValue(6040, 3952, salt));
    }

    [Fact]
    public void Fractions_are_ten_percent_test_and_five_percent_of_the_rest_validation()
    {
        var split = RatingsSplit.Create(Data, seed: 42);
        double n = Data.Ratings.Count;
        Assert.Equal(30_000, n);
        // Expected 10% test and 0.05 · 0.9 = 4.5% validation; 4σ of a binomial over 30,000 ≈ 0.007 and 0.005.
        Assert.InRange(split.Test.Length / n, 0.093, 0.107);
        Assert.InRange(split.Validation.Length / n, 0.040, 0.050);
        Assert.InRange(split.Train.Length / n, 0.845, 0.865);
    }

    [Fact]
    public void Parts_are_disjoint_complete_and_in_file_order()
    {
        var split = RatingsSplit.Create(Data, seed: 42);
        var all = split.Train.Concat(split.Validation).Concat(split.Test).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, Data.Ratings.Count), all);
        foreach (var part in new[] { split.Train, split.Validation, split.Test })
            Assert.Equal(part.Order(), part);
    }

    [Fact]
    public void Same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        var a = RatingsSplit.Create(Data, seed: 42);
        var b = RatingsSplit.Create(Data, seed: 42);
        var c = RatingsSplit.Create(Data, seed: 43);
        Assert.Equal(a.Test, b.Test);
        Assert.Equal(a.Validation, b.Validation);
        Assert.NotEqual(a.Test, c.Test);
    }

    [Fact]
    public void Assignment_depends_on_the_ids_not_on_rating_order()
    {
        var r = Data.Ratings;
        var perm = Enumerable.Range(0, r.Count).ToArray();
        new Random(5).Shuffle(perm);
        var shuffled = new MovieLensDataset(Data.Layout, Data.Movies, Data.Users, Data.Genres, new RatingTable(
            perm.Select(i => r.UserIndex[i]).ToArray(), perm.Select(i => r.MovieIndex[i]).ToArray(),
            perm.Select(i => r.Rating[i]).ToArray(), perm.Select(i => r.Timestamp[i]).ToArray()));

        static Dictionary<(int, int), char> PartOf(MovieLensDataset d)
        {
            var s = RatingsSplit.Create(d, seed: 42);
            var map = new Dictionary<(int, int), char>();
            void Add(int[] idx, char part)
            {
                foreach (var i in idx) map.Add((d.UserIds.IdAt(d.Ratings.UserIndex[i]), d.MovieIds.IdAt(d.Ratings.MovieIndex[i])), part);
            }
            Add(s.Train, 'r'); Add(s.Validation, 'v'); Add(s.Test, 't');
            return map;
        }
        var original = PartOf(Data);
        var permuted = PartOf(shuffled);
        Assert.Equal(original.Count, permuted.Count);
        foreach (var (key, part) in original) Assert.Equal(part, permuted[key]);
    }
}
