namespace HybridRecommender.Core.Model;

/// <summary>
/// Content rows for a bundle without a content tower: a new movie gets the rating-count-weighted mean of the rows (q, b,
/// relevance vector and bias) of the trained movies most like it by genre — those with exactly its genres; when none has
/// them, those sharing any of its genres, each weighted by its count times the share of genres in common (Jaccard); with no
/// genres at all, every trained movie. Weighting by rating count makes a well-rated film count more than one seen twice (its
/// rows are the better estimated). The year is not used: nothing here was validated to gain from it. Immutable; thread-safe.
/// </summary>
public sealed class GenreMeanRows : IContentRowSource
{
    private readonly int _dim;
    private readonly int _genres;
    private readonly float[] _q;
    private readonly float[] _b;
    private readonly float[] _v;
    private readonly float[] _c;
    private readonly ulong[] _masks;
    private readonly double[] _counts;
    private readonly bool _relevance;

    /// <param name="network">The trained network (its rows are copied).</param>
    /// <param name="ratingCounts">Training ratings per movie row; a movie with none has untrained rows and weight 0.</param>
    public GenreMeanRows(HybridWeights network, IReadOnlyList<int> ratingCounts)
    {
        ArgumentNullException.ThrowIfNull(network);
        var s = network.Shape;
        if (ratingCounts.Count != s.Movies) throw new ArgumentException($"{ratingCounts.Count} rating counts for {s.Movies} movies.", nameof(ratingCounts));
        _dim = s.Dim;
        _genres = s.Genres;
        _q = (float[])network.MovieEmbedding.Weight.Value.Data.Clone();
        _b = (float[])network.MovieBias.Weight.Value.Data.Clone();
        _relevance = network.RelevanceEmbedding is not null;
        _v = _relevance ? (float[])network.RelevanceEmbedding!.Weight.Value.Data.Clone() : [];
        _c = _relevance ? (float[])network.RelevanceBias!.Weight.Value.Data.Clone() : [];
        var g = network.MovieGenres.Data;
        _masks = new ulong[s.Movies];
        for (var m = 0; m < s.Movies; m++) _masks[m] = MaskOf(g.AsSpan(m * _genres, _genres));
        _counts = ratingCounts.Select(c => (double)Math.Max(0, c)).ToArray();
    }

    public MovieRow Row(ReadOnlySpan<float> genres, int? year)
    {
        if (genres.Length != _genres) throw new ArgumentException($"A genre vector has {_genres} numbers; got {genres.Length}.", nameof(genres));
        var mask = MaskOf(genres);
        var weights = new double[_masks.Length];
        var total = 0.0;
        for (var m = 0; m < _masks.Length; m++) total += weights[m] = _masks[m] == mask || mask == 0 ? _counts[m] : 0;
        if (total == 0)
            for (var m = 0; m < _masks.Length; m++)
            {
                var shared = ulong.PopCount(_masks[m] & mask);
                total += weights[m] = shared == 0 ? 0 : _counts[m] * shared / ulong.PopCount(_masks[m] | mask);
            }
        if (total == 0) // no trained movie shares a genre: the catalogue's mean
            for (var m = 0; m < _masks.Length; m++) total += weights[m] = _counts[m];
        var uniform = total == 0; // an untrained bundle (no counts at all): plain means
        if (uniform) total = weights.Length;
        var q = new double[_dim];
        var v = new double[_dim];
        double b = 0, c = 0;
        for (var m = 0; m < _masks.Length; m++)
        {
            var w = uniform ? 1 : weights[m];
            if (w == 0) continue;
            for (var d = 0; d < _dim; d++) q[d] += w * _q[m * _dim + d];
            b += w * _b[m];
            if (!_relevance) continue;
            for (var d = 0; d < _dim; d++) v[d] += w * _v[m * _dim + d];
            c += w * _c[m];
        }
        return new MovieRow(q.Select(x => (float)(x / total)).ToArray(), (float)(b / total), genres.ToArray(),
            _relevance ? v.Select(x => (float)(x / total)).ToArray() : [], _relevance ? (float)(c / total) : 0f);
    }

    private static ulong MaskOf(ReadOnlySpan<float> genres)
    {
        var mask = 0UL;
        for (var k = 0; k < genres.Length; k++) if (genres[k] != 0) mask |= 1UL << k;
        return mask;
    }
}
