using HybridRecommender.Core.Model;
using HybridRecommender.Tests.Support;
using HybridRecommender.Training.Model;
using TorchSharp;

namespace HybridRecommender.Tests.Model;

/// <summary>
/// The content path: its input (genres, then a one-hot of the year's bucket), the managed tower on a hand-computed case, its
/// parity with the TorchSharp module (rows, r̂ and relevance logits with content rows in place), and its place in the state dict.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class ContentPathTests
{
    [Theory]
    [InlineData(null, -1)]
    [InlineData(1919, 0)]
    [InlineData(1929, 0)]
    [InlineData(1930, 1)]
    [InlineData(1989, 6)]
    [InlineData(1990, 7)]
    [InlineData(1994, 7)]
    [InlineData(1995, 8)]
    [InlineData(1999, 12)]
    [InlineData(2000, 13)]
    [InlineData(2001, -1)] // after the newest year in training: unknown, not the collection-time-starved 2000 bucket
    [InlineData(2024, -1)]
    public void A_year_falls_in_the_bucket_its_first_year_starts(int? year, int bucket) =>
        Assert.Equal(bucket, ContentFeatures.YearBucket(year));

    [Fact]
    public void The_input_is_the_genre_vector_then_the_year_one_hot()
    {
        var x = new float[ContentFeatures.Width(2)];
        ContentFeatures.Write([0.5f, 0.25f], 1996, x);
        var expected = new float[2 + 14];
        expected[0] = 0.5f;
        expected[1] = 0.25f;
        expected[2 + 9] = 1f; // 1996 is bucket 9
        Assert.Equal(expected, x);
        ContentFeatures.Write([0f, 1f], null, x);
        Assert.Equal([0f, 1f, .. new float[14]], x);
    }

    [Fact]
    public void The_managed_tower_computes_the_documented_formula_on_a_hand_computed_case()
    {
        // genres 1, hidden 2, dim 1; x = [g, one-hot(year)] has 15 values.
        var tower = new ContentTower(genres: 1, hidden: 2, dim: 1, relevance: true);
        var wh = tower.Hidden.Weight.Value.Data; // [2, 15]
        wh[0 * 15 + 0] = 2f;              // h0 = 2g + 1·[1995 bucket] − 1
        wh[0 * 15 + 1 + 8] = 1f;
        tower.Hidden.Bias.Value.Data[0] = -1f;
        wh[1 * 15 + 0] = -1f;             // h1 = −g + 0.5 (ReLU cuts it at g = 1)
        tower.Hidden.Bias.Value.Data[1] = 0.5f;
        tower.MovieEmbedding.Weight.Value.Data[0] = 3f; tower.MovieEmbedding.Weight.Value.Data[1] = 5f; tower.MovieEmbedding.Bias.Value.Data[0] = 0.1f;
        tower.MovieBias.Weight.Value.Data[0] = -1f; tower.MovieBias.Bias.Value.Data[0] = 0.2f;
        tower.RelevanceEmbedding!.Weight.Value.Data[1] = 2f;
        tower.RelevanceBias!.Weight.Value.Data[0] = 1f; tower.RelevanceBias.Bias.Value.Data[0] = -3f;

        // g = 1, 1995: h = [2 + 1 − 1, max(−1 + 0.5, 0)] = [2, 0].
        var row = tower.Row([1f], 1995);
        Assert.Equal(3f * 2 + 0.1f, row.Embedding[0], 5);
        Assert.Equal(-2f + 0.2f, row.Bias, 5);
        Assert.Equal(0f, row.Relevance[0], 5);
        Assert.Equal(2f - 3f, row.RelevanceBias, 5);
        Assert.Equal([1f], row.Genres);
        // g = 0, unknown year: h = [max(−1, 0), 0.5] = [0, 0.5].
        row = tower.Row([0f], null);
        Assert.Equal(5f * 0.5f + 0.1f, row.Embedding[0], 5);
        Assert.Equal(0.2f, row.Bias, 5);
        Assert.Equal(1f, row.Relevance[0], 5);
        Assert.Equal(-3f, row.RelevanceBias, 5);
    }

    [Fact]
    public void Module_and_managed_tower_agree_on_rows_ratings_and_relevance_with_content_rows_in_place()
    {
        const int users = 50, movies = 60, genres = 18, dim = 16;
        var weights = TinyNetwork.Create([8], seed: 5, users, movies, genres, dim, relevance: true);
        foreach (var p in weights.Parameters().Where(p => p.Name != "global_bias"))
            for (var i = 0; i < p.Value.Length; i++) p.Value.Data[i] *= 0.3f;
        weights.SetMovieGenres(Enumerable.Range(0, movies).Select(m => (ulong)((m * 2654435761L) & 0x3FFFF)).ToArray());
        var years = Enumerable.Range(0, movies).Select(m => m % 7 == 0 ? (int?)null : 1920 + m * 81 % 85).ToArray();

        using var module = TorchNetworks.FromWeights(weights);
        ContentPath path;
        lock (HybridRecommender.Training.TorchRuntime.ProcessWide)
        {
            torch.manual_seed(9);
            path = new ContentPath(genres, 12, dim, relevance: true);
        }
        module.AttachContentPath(path);
        var withPath = StateDictTransfer.ToWeights(module);
        var tower = withPath.ContentTower!;
        Assert.NotNull(tower);

        var x = ContentFeatures.Rows(weights.MovieGenres.Data, years);
        var managed = withPath.Clone();
        for (var m = 0; m < movies; m++)
            managed.SetMovieRow(m, tower.Row(weights.MovieGenres.Data.AsSpan(m * genres, genres), years[m]));
        var scorer = new RatingScorer(managed, 1f, 5f);

        using var _ = torch.no_grad();
        var allMovies = torch.arange(movies, torch.int64);
        var rows = path.forward(torch.tensor(x, [movies, ContentFeatures.Width(genres)]));
        var q = rows.Embedding.data<float>().ToArray();
        var b = rows.Bias.data<float>().ToArray();
        for (var m = 0; m < movies; m++)
        {
            var row = tower.Row(weights.MovieGenres.Data.AsSpan(m * genres, genres), years[m]);
            for (var d = 0; d < dim; d++) Assert.Equal(q[m * dim + d], row.Embedding[d], 5);
            Assert.Equal(b[m], row.Bias, 5);
        }

        var worstRating = 0.0;
        var worstRelevance = 0.0;
        var every = new bool[movies];
        Array.Fill(every, true);
        var spread = new List<float>();
        for (var u = 0; u < users; u++)
        {
            var userRows = torch.full(movies, u, torch.int64);
            var r = module.Predict(HybridNetwork.WithContentRows(module.Rows(userRows, allMovies), rows)).data<float>().ToArray();
            var s = module.RelevanceLogitsWithContent(torch.tensor(new long[] { u }), rows, torch.tensor(every)).data<float>().ToArray();
            var managedR = new float[movies];
            var managedS = new float[movies];
            scorer.RawScoreAll(u, managedR);
            scorer.RelevanceScoreAll(u, managedS);
            for (var m = 0; m < movies; m++)
            {
                worstRating = Math.Max(worstRating, Math.Abs(r[m] - managedR[m]));
                worstRelevance = Math.Max(worstRelevance, Math.Abs(s[m] - managedS[m]));
            }
            spread.AddRange(s);
        }
        Assert.True(worstRating < 1e-5, $"largest |torch − managed| r̂ = {worstRating:E2}");
        Assert.True(worstRelevance < 1e-5, $"largest |torch − managed| relevance = {worstRelevance:E2}");
        Assert.True(spread.Max() - spread.Min() > 0.1, "relevance logits barely vary");
    }

    [Fact]
    public void Weights_without_content_tensors_have_no_content_path_and_a_bad_content_tensor_is_refused()
    {
        var weights = TinyNetwork.Create([4], seed: 2, relevance: true);
        Assert.Null(weights.ContentTower);
        var state = new Dictionary<string, Tensor>(weights.StateDict());
        var tower = new ContentTower(3, 4, 3, relevance: true);
        foreach (var p in tower.Parameters()) p.Value.Data.AsSpan().Fill(0.5f);
        foreach (var p in tower.Parameters()) state[p.Name] = p.Value;
        var loaded = new HybridWeights(weights.Shape);
        loaded.LoadStateDict(state);
        Assert.NotNull(loaded.ContentTower);
        Assert.Equal(tower.Row([1f, 0f, 0f], 1999), loaded.ContentTower!.Row([1f, 0f, 0f], 1999), new MovieRowComparer());
        Assert.Equal(weights.ParameterCount + tower.Parameters().Sum(p => p.Value.Length), loaded.ParameterCount);

        state["content.movie_bias.weight"] = new Tensor(1, 5);
        var e = Assert.Throws<ModelFormatException>(() => new HybridWeights(weights.Shape).LoadStateDict(state));
        Assert.Contains("content.movie_bias.weight", e.Message);
        state.Remove("content.movie_bias.weight");
        e = Assert.Throws<ModelFormatException>(() => new HybridWeights(weights.Shape).LoadStateDict(state));
        Assert.Contains("Missing: [content.movie_bias.weight]", e.Message);
    }

    private sealed class MovieRowComparer : IEqualityComparer<MovieRow>
    {
        public bool Equals(MovieRow? a, MovieRow? b) => a is not null && b is not null && a.Embedding.SequenceEqual(b.Embedding) && a.Bias == b.Bias
            && a.Genres.SequenceEqual(b.Genres) && a.Relevance.SequenceEqual(b.Relevance) && a.RelevanceBias == b.RelevanceBias;

        public int GetHashCode(MovieRow row) => row.Bias.GetHashCode();
    }
}
