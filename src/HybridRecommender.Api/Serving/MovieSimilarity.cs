using System.Numerics.Tensors;
using HybridRecommender.Core.Bundle;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// Cosine similarity in the model's learned movie space (q_i + W_g g_i from the scorer). The vectors
/// are normalised once at load so a query is one dot product per candidate. Trained movies with no training
/// ratings are never candidates: their embedding row was never updated, only its genre part is learned. Movies added after
/// training are (unless retired): their rows come from their content and ratings.
/// Immutable.
/// </summary>
public sealed class MovieSimilarity
{
    private readonly float[] _unit;   // [movies, dim], rows of length 1 (or 0 for a zero vector)
    private readonly bool[] _candidate;
    private readonly int[] _tieKeys;
    private readonly int _dim;

    public MovieSimilarity(ModelBundle bundle) : this(ServedCatalogue.Trained(bundle), bundle.Card.Architecture.Dim) { }

    /// <summary>Over a served catalogue: its added movies (not retired) are candidates too, with the vectors their rows give.</summary>
    public MovieSimilarity(ServedCatalogue catalogue, int dim)
    {
        var movies = catalogue.Movies.Count;
        _dim = dim;
        _unit = new float[movies * _dim];
        for (var m = 0; m < movies; m++)
        {
            var v = catalogue.Scorer.MovieVector(m);
            var norm = TensorPrimitives.Norm(v);
            var row = _unit.AsSpan(m * _dim, _dim);
            if (norm > 0) TensorPrimitives.Divide(v, norm, row);
        }
        // An added movie's vector is learnt too: from its content and its ratings (docs/MODEL.md, "Item fold-in").
        _candidate = Enumerable.Range(0, movies).Select(m => catalogue.IsAdded(m) ? !catalogue.IsRetired(m) : catalogue.Movies[m].RatingCount > 0).ToArray();
        _tieKeys = catalogue.Movies.Select(m => m.Id).ToArray();
    }

    /// <summary>Whether a movie can be returned as similar (trained with ratings, or added and not retired).</summary>
    public bool IsCandidate(int movie) => _candidate[movie];

    /// <summary>The <paramref name="count"/> candidate movies nearest to <paramref name="movie"/>, itself excluded, nearest first.</summary>
    public (int Index, double Score)[] Nearest(int movie, int count)
    {
        var query = Row(movie);
        var top = new TopK(count);
        for (var m = 0; m < _candidate.Length; m++)
        {
            if (m == movie || !_candidate[m]) continue;
            top.Add(m, TensorPrimitives.Dot(query, Row(m)), _tieKeys[m]);
        }
        return top.ToSortedArray();
    }

    /// <summary>
    /// Of <paramref name="among"/>, the trained movie nearest to <paramref name="movie"/> (ties: lower movie id), or
    /// null when none is trained. Costs one dot product per movie of <paramref name="among"/>.
    /// </summary>
    public (int Index, double Score)? NearestAmong(int movie, ReadOnlySpan<int> among)
    {
        var query = Row(movie);
        int best = -1;
        var bestScore = float.NegativeInfinity;
        foreach (var m in among)
        {
            if (!_candidate[m]) continue;
            var score = TensorPrimitives.Dot(query, Row(m));
            if (best < 0 || score > bestScore || (score == bestScore && _tieKeys[m] < _tieKeys[best]))
            {
                best = m;
                bestScore = score;
            }
        }
        return best < 0 ? null : (best, bestScore);
    }

    private ReadOnlySpan<float> Row(int movie) => new(_unit, movie * _dim, _dim);
}
