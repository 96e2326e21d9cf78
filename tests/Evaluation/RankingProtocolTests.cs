using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Evaluation;

public class RankingProtocolTests
{
    private static readonly Core.Data.MovieLensDataset Data = SyntheticDataset.Create();
    private static readonly RatingsSplit Split = RatingsSplit.Create(Data, seed: 5);
    private static readonly RankingProtocol Protocol = RankingProtocol.Create(Data.Ratings, Split, Data.Users.Count, Data.Movies.Count, k: 5);

    private static (HashSet<int>[] Seen, HashSet<int>[] Relevant) Expected()
    {
        var r = Data.Ratings;
        var seen = Enumerable.Range(0, Data.Users.Count).Select(_ => new HashSet<int>()).ToArray();
        var relevant = Enumerable.Range(0, Data.Users.Count).Select(_ => new HashSet<int>()).ToArray();
        foreach (var i in Split.Train.Concat(Split.Validation)) seen[r.UserIndex[i]].Add(r.MovieIndex[i]);
        foreach (var i in Split.Test.Where(i => r.Rating[i] >= 4)) relevant[r.UserIndex[i]].Add(r.MovieIndex[i]);
        return (seen, relevant);
    }

    [Fact]
    public void Users_are_those_with_a_relevant_test_movie_and_lists_skip_seen_movies()
    {
        var (seen, relevant) = Expected();
        Assert.Equal(Enumerable.Range(0, Data.Users.Count).Where(u => relevant[u].Count > 0), Protocol.Users);
        // Scoring by movie index puts the highest unseen indices first.
        var lists = Protocol.Rank((_, s) => { for (var m = 0; m < s.Length; m++) s[m] = m; }, threads: 1);
        foreach (var l in lists)
        {
            Assert.True(relevant[l.User].SetEquals(l.Relevant));
            var expected = Enumerable.Range(0, Data.Movies.Count).Reverse().Where(m => !seen[l.User].Contains(m)).Take(5);
            Assert.Equal(expected, l.Ranked);
            Assert.False(l.CutoffTied);
        }
    }

    [Fact]
    public void Relevant_pairs_are_counted_whole_or_by_a_movie_filter()
    {
        var (_, relevant) = Expected();
        var pairs = relevant.SelectMany(r => r).ToList();
        Assert.True(pairs.Count > 0 && pairs.Any(m => m % 3 == 0) && pairs.Any(m => m % 3 != 0));

        Assert.Equal(pairs.Count, Protocol.RelevantCount);
        Assert.Equal(pairs.Count(m => m % 3 == 0), Protocol.RelevantCountWhere(m => m % 3 == 0));
        Assert.Equal(0, Protocol.RelevantCountWhere(_ => false));
    }

    [Fact]
    public void Equal_scores_at_the_cut_are_flagged_and_broken_by_movie_index()
    {
        var (seen, _) = Expected();
        // Scores 0 or 1 with plenty of 1s: the cut always falls inside the block of 1s.
        var lists = Protocol.Rank((_, s) => { for (var m = 0; m < s.Length; m++) s[m] = m % 2; }, threads: 1);
        foreach (var l in lists)
        {
            Assert.True(l.CutoffTied);
            Assert.Equal(Enumerable.Range(0, Data.Movies.Count).Where(m => m % 2 == 1 && !seen[l.User].Contains(m)).Take(5), l.Ranked);
        }
    }

    [Fact]
    public void An_oracle_scores_perfect_ndcg_and_the_best_possible_recall()
    {
        var (_, relevant) = Expected();
        var s = Protocol.Evaluate((u, scores) =>
        {
            for (var m = 0; m < scores.Length; m++) scores[m] = relevant[u].Contains(m) ? 1 : 0;
        }, threads: 2);
        Assert.Equal(1.0, s.Ndcg, 12);
        var users = Protocol.Users;
        Assert.Equal(users.Average(u => Math.Min(5, relevant[u].Count) / (double)relevant[u].Count), s.Recall, 12);
        Assert.Equal(users.Average(u => Math.Min(5, relevant[u].Count) / 5.0), s.Precision, 12);
    }

    [Fact]
    public void Results_do_not_depend_on_thread_count()
    {
        var rng = new Random(1);
        var noise = Enumerable.Range(0, Data.Users.Count * Data.Movies.Count).Select(_ => (float)rng.Next(5)).ToArray();
        MovieScores scores = (u, s) => noise.AsSpan(u * s.Length, s.Length).CopyTo(s);
        var one = Protocol.Rank(scores, threads: 1);
        var four = Protocol.Rank(scores, threads: 4);
        Assert.Equal(one.Select(l => (l.User, string.Join(",", l.Ranked))), four.Select(l => (l.User, string.Join(",", l.Ranked))));
        Assert.Equal(RankingMetrics.Of(one, 5), RankingMetrics.Of(four, 5));
    }

    [Fact]
    public void Validation_protocol_excludes_train_only_and_counts_validation_positives_as_relevant()
    {
        var r = Data.Ratings;
        var validation = RankingProtocol.CreateForValidation(r, Split, Data.Users.Count, Data.Movies.Count, k: 5);
        var train = Enumerable.Range(0, Data.Users.Count).Select(_ => new HashSet<int>()).ToArray();
        var relevant = Enumerable.Range(0, Data.Users.Count).Select(_ => new HashSet<int>()).ToArray();
        foreach (var i in Split.Train) train[r.UserIndex[i]].Add(r.MovieIndex[i]);
        foreach (var i in Split.Validation.Where(i => r.Rating[i] >= 4)) relevant[r.UserIndex[i]].Add(r.MovieIndex[i]);

        Assert.Equal(Enumerable.Range(0, Data.Users.Count).Where(u => relevant[u].Count > 0), validation.Users);
        var lists = validation.Rank((_, s) => { for (var m = 0; m < s.Length; m++) s[m] = m; }, threads: 1);
        foreach (var l in lists)
        {
            Assert.True(relevant[l.User].SetEquals(l.Relevant));
            // Validation and test movies stay candidates; only train movies are excluded.
            Assert.Equal(Enumerable.Range(0, Data.Movies.Count).Reverse().Where(m => !train[l.User].Contains(m)).Take(5), l.Ranked);
        }
    }
}
