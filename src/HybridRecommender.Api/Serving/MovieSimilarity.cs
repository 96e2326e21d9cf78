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
    private readonly Core.Model.UnitMovieVectors _unit;
    private readonly bool[] _candidate;
    private readonly int[] _tieKeys;

    public MovieSimilarity(ModelBundle bundle) : this(ServedCatalogue.Trained(bundle)) { }

    /// <summary>Over a served catalogue: its added movies (not retired) are candidates too, with the vectors their rows give.</summary>
    public MovieSimilarity(ServedCatalogue catalogue) : this(catalogue, new Core.Model.UnitMovieVectors(catalogue.Scorer)) { }

    /// <summary>As <see cref="MovieSimilarity(ServedCatalogue)"/> with the catalogue scorer's unit movie vectors already built (shared with variety).</summary>
    public MovieSimilarity(ServedCatalogue catalogue, Core.Model.UnitMovieVectors unit)
    {
        var movies = catalogue.Movies.Count;
        if (unit.Count != movies) throw new ArgumentException($"{unit.Count} unit vectors for {movies} movies.", nameof(unit));
        _unit = unit;
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

    private ReadOnlySpan<float> Row(int movie) => _unit.Row(movie);
}
