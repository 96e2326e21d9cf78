namespace HybridRecommender.Core.Model;

// Movies added after training (POST /movies): a scorer whose catalogue is the trained movies, untouched, followed by
// extra rows (MovieRow: from content, or folded in from ratings). Their tables are computed by the same MovieTables as
// the trained rows', and scored by the same RawScore, so an added movie goes through the one scoring path.
public sealed partial class RatingScorer
{
    /// <summary>Movies the network was trained with: rows 0 to this − 1; added rows follow.</summary>
    public int TrainedMovieCount => _trainedMovies;

    /// <summary>
    /// This model's trained movies followed by <paramref name="rows"/>, as a new scorer (this one is unchanged; the user side
    /// and the trained rows are the same numbers). Row <c>TrainedMovieCount + k</c> is <paramref name="rows"/>[k].
    /// Rows added to this scorer before are not carried over: the result always extends the trained catalogue.
    /// </summary>
    public RatingScorer WithAddedMovies(IReadOnlyList<MovieRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        for (var k = 0; k < rows.Count; k++) CheckRow(rows[k], $"rows[{k}]");
        return new RatingScorer(this, rows);
    }

    /// <summary>Throws unless <paramref name="row"/> has this model's widths and finite numbers.</summary>
    internal void CheckRow(MovieRow row, string name)
    {
        ArgumentNullException.ThrowIfNull(row, name);
        if (row.Embedding is null || row.Embedding.Length != _dim || row.Genres is null || row.Genres.Length != _genres)
            throw new ArgumentException($"{name}: a movie row needs an embedding of {_dim} and a genre vector of {_genres} numbers.", name);
        if (HasRelevanceHead && (row.Relevance is null || row.Relevance.Length != _dim))
            throw new ArgumentException($"{name}: this model has the relevance head, so a movie row needs a relevance vector of {_dim} numbers.", name);
        if (!float.IsFinite(row.Bias) || !float.IsFinite(row.RelevanceBias) || Array.Exists(row.Embedding, v => !float.IsFinite(v))
            || Array.Exists(row.Genres, v => !float.IsFinite(v)) || (row.Relevance is not null && Array.Exists(row.Relevance, v => !float.IsFinite(v))))
            throw new ArgumentException($"{name}: a movie row's numbers must be finite.", name);
    }

    private RatingScorer(RatingScorer trained, IReadOnlyList<MovieRow> rows)
    {
        Shape = trained.Shape;
        MinRating = trained.MinRating;
        MaxRating = trained.MaxRating;
        _dim = trained._dim;
        _genres = trained._genres;
        _trainedMovies = trained._trainedMovies;
        _movies = _trainedMovies + rows.Count;
        // Shared, never written after construction.
        _userEmbedding = trained._userEmbedding;
        _userBias = trained._userBias;
        _fc1User = trained._fc1User;
        _h1 = trained._h1;
        _deeper = trained._deeper;
        _outWeight = trained._outWeight;
        _outBias = trained._outBias;
        _globalBias = trained._globalBias;
        _genreProjection = trained._genreProjection;
        _fc1Movie = trained._fc1Movie;
        _fc1Bias = trained._fc1Bias;
        _outMovie = trained._outMovie;

        _movieVector = Extend(trained._movieVector, _trainedMovies * _dim, _movies * _dim);
        _movieConstant = Extend(trained._movieConstant, _trainedMovies, _movies);
        _movieHidden = Extend(trained._movieHidden, _trainedMovies * _h1, _movies * _h1);
        for (var k = 0; k < rows.Count; k++)
        {
            var m = _trainedMovies + k;
            _movieConstant[m] = MovieTables(rows[k].Embedding, rows[k].Genres, rows[k].Bias, _movieVector.AsSpan(m * _dim, _dim), _movieHidden.AsSpan(m * _h1, _h1));
        }
        if (trained.HasRelevanceHead)
        {
            _relevanceVector = Extend(trained._relevanceVector, _trainedMovies * _dim, _movies * _dim);
            _relevanceConstant = Extend(trained._relevanceConstant, _trainedMovies, _movies);
            for (var k = 0; k < rows.Count; k++)
            {
                rows[k].Relevance.CopyTo(_relevanceVector, (_trainedMovies + k) * _dim);
                _relevanceConstant[_trainedMovies + k] = rows[k].RelevanceBias;
            }
        }
        else
        {
            _relevanceVector = [];
            _relevanceConstant = [];
        }
    }

    private static float[] Extend(float[] source, int keep, int length)
    {
        var result = new float[length];
        Array.Copy(source, result, keep);
        return result;
    }
}
