using HybridRecommender.Core.Data;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Tests.Evaluation;

/// <summary>
/// Item cold start's pieces on hand-computed cases: which movies are new, the candidates cut to them, the content baselines
/// (genre popularity and the TF-IDF profile), and a content movie's item–item term (0, where EASE says −∞).
/// </summary>
public sealed class ItemColdStartTests
{
    // Movies: 0 {A}, 1 {A, B}, 2 {B}, 3 {C}. Users 0 and 1.
    private static MovieLensDataset Tiny(params (int User, int Movie, float Rating)[] ratings) => new(DatasetLayout.MovieLens1M,
        [new Movie(10, "a", 1990, ["A"]), new Movie(11, "ab", 1995, ["A", "B"]), new Movie(12, "b", null, ["B"]), new Movie(13, "c", 1970, ["C"])],
        [new User(1), new User(2)], new GenreVocabulary(["A", "B", "C"]),
        new RatingTable(ratings.Select(r => r.User).ToArray(), ratings.Select(r => r.Movie).ToArray(), ratings.Select(r => r.Rating).ToArray(), new long[ratings.Length]));

    private static float[] Scores(MovieScores scores, int user, int movies = 4)
    {
        var s = new float[movies];
        scores(user, s);
        return s;
    }

    [Fact]
    public void The_content_profile_is_the_cosine_of_TF_IDF_genre_vectors_with_the_mean_of_the_liked_movies()
    {
        // idf: A, B = ln(4/2), C = ln(4/1); normalised: v0 = e_A, v1 = (e_A + e_B)/√2, v2 = e_B, v3 = e_C.
        var data = Tiny((0, 0, 5), (0, 3, 3), (1, 0, 4), (1, 2, 4));
        var profile = ContentBaselines.ContentProfile(data, Enumerable.Range(0, 4));
        // User 0 liked movie 0 only (the 3 is not liked).
        Assert.Equal([1f, 1 / MathF.Sqrt(2), 0f, 0f], Scores(profile, 0), new Close());
        // User 1 liked 0 and 2: profile ∝ e_A + e_B.
        Assert.Equal([1 / MathF.Sqrt(2), 1f, 1 / MathF.Sqrt(2), 0f], Scores(profile, 1), new Close());
        // Knowing none of user 1's ratings, the profile is empty: every movie scores 0.
        Assert.Equal([0f, 0f, 0f, 0f], Scores(ContentBaselines.ContentProfile(data, [0, 1]), 1));
    }

    [Fact]
    public void Random_scores_depend_on_the_seed_and_user_alone()
    {
        // Fixed figures: a per-process salted seed (HashCode.Combine) would give other values in every test run.
        var a = Scores(ContentBaselines.Random(7), 3, 3);
        Assert.Equal(a, Scores(ContentBaselines.Random(7), 3, 3));
        Assert.NotEqual(a, Scores(ContentBaselines.Random(7), 4, 3));
        Assert.NotEqual(a, Scores(ContentBaselines.Random(8), 3, 3));
        var expected = new Random((int)(RatingsSplit.SplitMix64((7UL << 32) | 3UL) >> 33));
        Assert.Equal(Enumerable.Range(0, 3).Select(_ => (float)expected.NextDouble()), a);
    }

    [Fact]
    public void Hindsight_popularity_counts_every_rating_of_a_movie_whatever_a_model_knew()
    {
        // Ratings by movie: 0 ×3, 1 ×1, 2 ×1, 3 ×2 — counted over the whole table (no known positions: it is a ceiling).
        var data = Tiny((0, 0, 5), (1, 0, 1), (0, 0, 2), (1, 1, 3), (0, 3, 4), (1, 3, 4), (1, 2, 5));
        var hindsight = HindsightPopularity.Of(data);
        Assert.Equal([3f, 1f, 1f, 2f], Scores(hindsight, 0));
        Assert.Equal(Scores(hindsight, 0), Scores(hindsight, 1));
    }

    [Fact]
    public void Genre_popularity_is_the_mean_over_a_movies_genres_of_ratings_per_rated_movie_of_the_genre()
    {
        // Known ratings: movie 0 ×3, movie 1 ×1, movie 3 ×2 → A: 4 ratings / 2 movies = 2, B: 1 / 1 = 1, C: 2 / 1 = 2.
        var data = Tiny((0, 0, 5), (1, 0, 1), (0, 0, 2), (1, 1, 3), (0, 3, 4), (1, 3, 4), (1, 2, 5));
        var popularity = ContentBaselines.GenrePopularity(data, [0, 1, 2, 3, 4, 5]);
        Assert.Equal([2f, 1.5f, 1f, 2f], Scores(popularity, 0), new Close());
        Assert.Equal(Scores(popularity, 0), Scores(popularity, 1));
    }

    [Fact]
    public void New_movies_are_the_rated_movies_whose_id_hash_with_user_zero_and_seed_seven_falls_in_the_band()
    {
        var ratings = Enumerable.Range(0, 300).Select(m => (0, m, 4f)).ToArray();
        var movies = Enumerable.Range(0, 400).Select(m => new Movie(m + 1, $"m{m}", 1990, ["A"])).ToList();
        var data = new MovieLensDataset(DatasetLayout.MovieLens1M, movies, [new User(1)], new GenreVocabulary(["A"]),
            new RatingTable(ratings.Select(r => r.Item1).ToArray(), ratings.Select(r => r.m).ToArray(), ratings.Select(r => r.Item3).ToArray(), new long[300]));
        var isNew = NewMovies.Select(data, 0, 0.10);
        var pseudo = NewMovies.Select(data, 0.10, 0.20);
        var salt = RatingsSplit.SplitMix64(7);
        for (var m = 0; m < 400; m++)
        {
            var u = RatingsSplit.UnitValue(0, m + 1, salt);
            Assert.Equal(m < 300 && u < 0.10, isNew[m]);
            Assert.Equal(m < 300 && u >= 0.10 && u < 0.20, pseudo[m]);
        }
        // About a tenth each, and never both.
        Assert.InRange(isNew.Count(x => x), 15, 50);
        Assert.InRange(pseudo.Count(x => x), 15, 50);
        Assert.DoesNotContain(Enumerable.Range(0, 400), m => isNew[m] && pseudo[m]);
    }

    [Fact]
    public void Holding_movies_out_removes_their_train_and_validation_ratings_and_keeps_test()
    {
        var data = Support.SyntheticDataset.Create();
        var split = RatingsSplit.Create(data, 42);
        var heldOut = Enumerable.Range(0, data.Movies.Count).Select(m => m % 5 == 0).ToArray();
        var held = NewMovies.HoldOut(split, data.Ratings, heldOut);
        Assert.Equal(split.Test, held.Test);
        Assert.DoesNotContain(held.Train.Concat(held.Validation), i => heldOut[data.Ratings.MovieIndex[i]]);
        Assert.Equal(split.Train.Count(i => !heldOut[data.Ratings.MovieIndex[i]]), held.Train.Length);
        Assert.Equal(split.Validation.Count(i => !heldOut[data.Ratings.MovieIndex[i]]), held.Validation.Length);
    }

    [Fact]
    public void Candidates_cut_to_the_new_movies_rank_nothing_else()
    {
        var data = Tiny((0, 0, 5), (0, 1, 4), (0, 2, 5), (1, 2, 5));
        var isNew = new[] { false, true, true, true };
        // Seen: user 0's rating of movie 0; relevant: user 0's ratings of movies 1, 2.
        var protocol = RankingProtocol.Create(data.Ratings, [0], [1, 2], 2, 4).WithCandidates(m => isNew[m]);
        var lists = protocol.Rank((_, s) => { s[0] = 100; s[1] = 1; s[2] = 3; s[3] = 2; }, threads: 1);
        Assert.Equal([2, 3, 1], lists.Single().Ranked);
        Assert.Throws<ArgumentException>(() => RankingProtocol.Create(data.Ratings, [], [0], 2, 4).WithCandidates(m => isNew[m]));
    }

    [Fact]
    public void A_content_movie_gets_no_item_item_term_where_EASE_shuts_a_movie_without_positives_out()
    {
        var data = Support.SyntheticDataset.Create();
        var weights = Support.TinyNetwork.Create([4], seed: 3, data.Users.Count, data.Movies.Count, 6, 3, relevance: true);
        var scorer = new RatingScorer(weights, 1, 5);
        // Movie 0 has no positive: not an EASE item.
        var positions = Enumerable.Range(0, data.Ratings.Count).Where(i => data.Ratings.MovieIndex[i] != 0).ToArray();
        var ease = EaseRanker.Fit(ImplicitFeedback.FromRatings(data.Ratings, positions, data.Users.Count, data.Movies.Count), 10, 1);
        int[] rated = [1, 2, 3];
        var plain = new float[data.Movies.Count];
        var content = new float[data.Movies.Count];
        var relevance = new float[data.Movies.Count];
        new ServedRanking(scorer, 0f, ease, 2f).ScoreAll(0, rated, plain);
        new ServedRanking(scorer, 0f, ease, 2f, contentMovies: [0]).ScoreAll(0, rated, content);
        scorer.RelevanceScoreAll(0, relevance);
        Assert.Equal(float.NegativeInfinity, plain[0]);
        Assert.Equal(relevance[0], content[0]);
        Assert.Equal(plain.Skip(1), content.Skip(1));
    }

    private sealed class Close : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) < 1e-5f;
        public int GetHashCode(float x) => 0;
    }
}
