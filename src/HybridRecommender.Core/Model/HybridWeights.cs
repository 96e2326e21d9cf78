namespace HybridRecommender.Core.Model;

/// <summary>
/// The hybrid rating network, laid out like a PyTorch module. For user u and movie i with
/// normalised genre vector g_i (the <c>movie_genres</c> buffer):
/// <code>
///   e_i  = q_i + W_g g_i                                  (genre-aware movie vector)
///   h_0  = [p_u, q_i, g_i];  h_k = ReLU(fc_k(h_{k-1}))      (MLP over all three inputs)
///   r̂    = global_bias + b_u + b_i + p_u·e_i + out(h_K)
/// </code>
/// p = user_embedding, q = movie_embedding, b = user_bias / movie_bias, W_g = genre_projection.
/// See docs/MODEL.md for every tensor's name, shape and role.
/// </summary>
public sealed class HybridWeights
{
    public const string MovieGenresBuffer = "movie_genres";

    public HybridWeights(HybridNetworkShape shape)
    {
        shape.Validate();
        Shape = shape;
        GlobalBias = new Parameter("global_bias", new Tensor(1), decays: false);
        UserBias = new Embedding("user_bias", shape.Users, 1);
        MovieBias = new Embedding("movie_bias", shape.Movies, 1);
        UserEmbedding = new Embedding("user_embedding", shape.Users, shape.Dim);
        MovieEmbedding = new Embedding("movie_embedding", shape.Movies, shape.Dim);
        GenreProjection = new Parameter("genre_projection.weight", new Tensor(shape.Dim, shape.Genres));
        var hidden = new List<Linear>();
        var input = shape.MlpInput;
        for (var k = 0; k < shape.Hidden.Count; k++)
        {
            hidden.Add(new Linear($"fc{k + 1}", input, shape.Hidden[k]));
            input = shape.Hidden[k];
        }
        Hidden = hidden;
        Output = new Linear("out", input, 1);
        MovieGenres = new Tensor(shape.Movies, shape.Genres);
        if (shape.Relevance)
        {
            RelevanceEmbedding = new Embedding("relevance_embedding", shape.Movies, shape.Dim);
            RelevanceBias = new Embedding("relevance_bias", shape.Movies, 1);
        }
    }

    public HybridNetworkShape Shape { get; }
    public Parameter GlobalBias { get; }
    public Embedding UserBias { get; }
    public Embedding MovieBias { get; }
    public Embedding UserEmbedding { get; }
    public Embedding MovieEmbedding { get; }
    /// <summary>Linear(genres → dim) without bias, weight [dim, genres].</summary>
    public Parameter GenreProjection { get; }
    public IReadOnlyList<Linear> Hidden { get; }
    public Linear Output { get; }

    // The relevance head (null without one): s(u, i) = p_u · relevance_embedding_i + relevance_bias_i. No genre term:
    // on validation a genre projection here made the head worse (docs/MODEL.md, "Validation choices").
    /// <summary>[movies, dim]: the movie's vector in the relevance head (scored against the shared p_u).</summary>
    public Embedding? RelevanceEmbedding { get; }
    /// <summary>[movies, 1]: the movie's relevance bias (its learned popularity).</summary>
    public Embedding? RelevanceBias { get; }

    /// <summary>Non-trainable buffer [movies, genres]: multi-hot genres scaled to unit L2 norm.</summary>
    public Tensor MovieGenres { get; }

    /// <summary>
    /// The content path (docs/MODEL.md, "Content path"): stand-in rows for a movie from its genres and year, or null when
    /// the weights have none (bundles from before it). Loaded from the state dict's <c>content.*</c> tensors.
    /// </summary>
    public ContentTower? ContentTower { get; private set; }

    /// <summary>Every trainable parameter of the rating and relevance heads, in a fixed order (the content path's are <see cref="ContentTower"/>'s).</summary>
    public IEnumerable<Parameter> Parameters()
    {
        yield return GlobalBias;
        yield return UserBias.Weight;
        yield return MovieBias.Weight;
        yield return UserEmbedding.Weight;
        yield return MovieEmbedding.Weight;
        yield return GenreProjection;
        foreach (var l in Hidden) { yield return l.Weight; yield return l.Bias; }
        yield return Output.Weight;
        yield return Output.Bias;
        if (RelevanceEmbedding is null) yield break;
        yield return RelevanceEmbedding.Weight;
        yield return RelevanceBias!.Weight;
    }

    /// <summary>Trainable values, the content path's included.</summary>
    public long ParameterCount => Parameters().Concat(ContentTower?.Parameters() ?? []).Sum(p => (long)p.Value.Length);

    /// <summary>Parameters and buffers by name, sharing storage with the network (like PyTorch's state_dict).</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var d = new SortedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var p in Parameters()) d.Add(p.Name, p.Value);
        d.Add(MovieGenresBuffer, MovieGenres);
        foreach (var p in ContentTower?.Parameters() ?? []) d.Add(p.Name, p.Value);
        return d;
    }

    /// <summary>
    /// Copies tensors into the network. Every expected name must be present with its exact shape, and nothing else;
    /// <c>content.*</c> tensors, when present, make the content path (<see cref="ContentTower"/>; none without them).
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        var content = state.Keys.Any(ContentTower.IsContentTensor)
            ? ContentTower.FromState(state, Shape.Genres, Shape.Dim, Shape.Relevance)
            : null;
        state = state.Where(kv => !ContentTower.IsContentTensor(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var own = new SortedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var p in Parameters()) own.Add(p.Name, p.Value);
        own.Add(MovieGenresBuffer, MovieGenres);
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new ModelFormatException(
                $"State dict does not match the architecture. Missing: [{string.Join(", ", missing)}]; unexpected: [{string.Join(", ", unexpected)}].");
        // Check everything before copying anything: a bad state dict leaves the network as it was.
        foreach (var (name, target) in own)
        {
            var source = state[name];
            if (!source.Shape.SequenceEqual(target.Shape))
                throw new ModelFormatException($"Tensor '{name}' has shape {source.ShapeText}; the architecture expects {target.ShapeText}.");
            // IsFiniteAll is false for an empty tensor (a network without genre inputs has one).
            if (source.Data.Length > 0 && !System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<float>(source.Data))
                throw new ModelFormatException($"Tensor '{name}' holds a non-finite value ({source.Data.First(v => !float.IsFinite(v))}).");
        }
        foreach (var (name, target) in own) state[name].Data.CopyTo(target.Data, 0);
        ContentTower = content;
    }

    /// <summary>An independent copy (the content path included).</summary>
    public HybridWeights Clone()
    {
        var copy = new HybridWeights(Shape);
        copy.LoadStateDict(StateDict());
        return copy;
    }

    /// <summary>
    /// Puts <paramref name="row"/> in place of movie index <paramref name="movie"/>'s rows (movie_embedding, movie_bias,
    /// movie_genres and, with the head, relevance_embedding and relevance_bias): e.g. its content path's stand-in rows.
    /// </summary>
    public void SetMovieRow(int movie, MovieRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if ((uint)movie >= (uint)Shape.Movies) throw new ArgumentOutOfRangeException(nameof(movie));
        var d = Shape.Dim;
        if (row.Embedding.Length != d || row.Genres.Length != Shape.Genres || (RelevanceEmbedding is not null && row.Relevance.Length != d))
            throw new ArgumentException($"A movie row has {d} embedding values, {Shape.Genres} genre values and, with the relevance head, {d} relevance values; got {row.Embedding.Length}, {row.Genres.Length}, {row.Relevance.Length}.", nameof(row));
        row.Embedding.CopyTo(MovieEmbedding.Weight.Value.Data, movie * d);
        MovieBias.Weight.Value.Data[movie] = row.Bias;
        row.Genres.CopyTo(MovieGenres.Data, movie * Shape.Genres);
        if (RelevanceEmbedding is null) return;
        row.Relevance.CopyTo(RelevanceEmbedding.Weight.Value.Data, movie * d);
        RelevanceBias!.Weight.Value.Data[movie] = row.RelevanceBias;
    }

    /// <summary>Random initial weights; the global bias starts at the training mean so early steps fit deviations.</summary>
    public void Initialise(int seed, float globalMean, double embeddingStd = 0.05)
    {
        var rng = new Random(seed);
        GlobalBias.Value.Data[0] = globalMean;
        UserEmbedding.Initialise(rng, embeddingStd);
        MovieEmbedding.Initialise(rng, embeddingStd);
        Array.Clear(UserBias.Weight.Value.Data);
        Array.Clear(MovieBias.Weight.Value.Data);
        var wg = GenreProjection.Value.Data;
        for (var i = 0; i < wg.Length; i++) wg[i] = (float)(Embedding.NormalSample(rng) * embeddingStd);
        foreach (var l in Hidden) l.Initialise(rng);
        Output.Initialise(rng);
        // After everything else, so a network without the head draws the same stream as before.
        if (RelevanceEmbedding is null) return;
        RelevanceEmbedding.Initialise(rng, embeddingStd);
        Array.Clear(RelevanceBias!.Weight.Value.Data);
    }

    /// <summary>Fills <see cref="MovieGenres"/> from per-movie genre bit masks: 1/√n on each of the n genres.</summary>
    public void SetMovieGenres(IReadOnlyList<ulong> genreMasks)
    {
        if (genreMasks.Count != Shape.Movies)
            throw new ArgumentException($"Expected {Shape.Movies} genre masks; got {genreMasks.Count}.");
        var g = MovieGenres.Data;
        Array.Clear(g);
        for (var m = 0; m < genreMasks.Count; m++)
        {
            var mask = genreMasks[m];
            var n = System.Numerics.BitOperations.PopCount(mask);
            if (n == 0) continue;
            var value = (float)(1.0 / Math.Sqrt(n));
            for (var k = 0; k < Shape.Genres; k++)
                if ((mask & (1UL << k)) != 0) g[m * Shape.Genres + k] = value;
        }
    }
}
