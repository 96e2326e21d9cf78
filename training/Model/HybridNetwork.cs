using HybridNetworkShape = HybridRecommender.Core.Model.HybridNetworkShape;
using HybridWeights = HybridRecommender.Core.Model.HybridWeights;
using MlpPrecision = HybridRecommender.Core.Training.MlpPrecision;
using RatingScorer = HybridRecommender.Core.Model.RatingScorer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HybridRecommender.Training.Model;

/// <summary>
/// The hybrid rating network as a TorchSharp module — the same formula, names and shapes as
/// docs/MODEL.md and the PyTorch class there:
/// <code>
///   e = q + genre_projection(g)                    genre-aware movie vector
///   h = ReLU(fc_k(… ReLU(fc1([p, q, g]))))          MLP over all three inputs
///   r̂ = global_bias + b_u + b_i + p·e + out(h)
/// </code>
/// Change <see cref="forward"/> and autograd does the rest; the state dict keeps the safetensors
/// names, so the API's managed <see cref="RatingScorer"/> can serve it (a parity test holds the two together).
/// </summary>
public sealed class HybridNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    // Field names are the state-dict names (RegisterComponents uses them).
    private readonly Parameter global_bias;
    private readonly Embedding user_bias;
    private readonly Embedding movie_bias;
    private readonly Embedding user_embedding;
    private readonly Embedding movie_embedding;
    private readonly Linear genre_projection;
    private readonly Linear @out;
    private readonly Tensor movie_genres;
    // fc1 … fcK are registered by name below: a ModuleList would call them hidden.0, hidden.1.
    private readonly Linear[] hidden;
    private readonly Dropout? dropout;
    // The relevance head, registered by hand under its state-dict names (absent in a rating-only network).
    // It has no genre term: on validation one made it worse (docs/MODEL.md, "Validation choices").
    private readonly (Embedding Vectors, Embedding Bias)? relevance;
    // The content path (docs/MODEL.md, "Content path"), attached after the tables are trained: null until then.
    private ContentPath? content;
    private MlpPrecision mlpPrecision = MlpPrecision.Float32;

    public HybridNetwork(HybridNetworkShape shape, float dropoutRate = 0f) : base(nameof(HybridNetwork))
    {
        shape.Validate();
        Shape = shape;
        global_bias = new Parameter(zeros(1));
        user_bias = nn.Embedding(shape.Users, 1);
        movie_bias = nn.Embedding(shape.Movies, 1);
        user_embedding = nn.Embedding(shape.Users, shape.Dim);
        movie_embedding = nn.Embedding(shape.Movies, shape.Dim);
        genre_projection = nn.Linear(Math.Max(shape.Genres, 1), shape.Dim, hasBias: false);
        // libtorch cannot initialise a Linear with no inputs (the genre ablation): give it its [dim, 0] weight directly.
        if (shape.Genres == 0) genre_projection.weight = new Parameter(zeros(shape.Dim, 0));
        var width = shape.MlpInput;
        hidden = new Linear[shape.Hidden.Count];
        for (var k = 0; k < hidden.Length; k++)
        {
            hidden[k] = nn.Linear(width, shape.Hidden[k]);
            width = shape.Hidden[k];
        }
        @out = nn.Linear(width, 1);
        movie_genres = zeros(shape.Movies, shape.Genres);
        dropout = dropoutRate > 0 ? nn.Dropout(dropoutRate) : null;

        RegisterComponents(); // fields → parameters, modules and the movie_genres buffer, by field name
        for (var k = 0; k < hidden.Length; k++) register_module($"fc{k + 1}", hidden[k]);
        if (shape.Relevance)
        {
            var vectors = nn.Embedding(shape.Movies, shape.Dim);
            var bias = nn.Embedding(shape.Movies, 1);
            register_module("relevance_embedding", vectors);
            register_module("relevance_bias", bias);
            relevance = (vectors, bias);
        }
    }

    public HybridNetworkShape Shape { get; }

    /// <summary>
    /// The number format of the MLP's matrix products in <see cref="Predict"/> (float32 unless training sets it: docs/MODEL.md,
    /// "Training at scale"). The weights stay float32; the managed scorer serves in float32 whatever this was.
    /// </summary>
    public MlpPrecision MlpPrecision
    {
        get => mlpPrecision;
        set => mlpPrecision = value == MlpPrecision.Auto
            ? throw new ArgumentException("Resolve --mlp-precision auto to fp32 or bf16 first (CpuBFloat16.Resolve).", nameof(value))
            : value;
    }

    /// <summary>Sets <see cref="MlpPrecision"/> until the returned scope is disposed, then float32 again (what serving computes).</summary>
    public IDisposable UseMlpPrecision(MlpPrecision precision)
    {
        MlpPrecision = precision;
        return new Float32Again(this);
    }

    private sealed class Float32Again(HybridNetwork network) : IDisposable
    {
        public void Dispose() => network.mlpPrecision = MlpPrecision.Float32;
    }

    /// <summary>The content path, or null before <see cref="AttachContentPath"/>.</summary>
    public ContentPath? Content => content;

    /// <summary>
    /// Registers the content path as the submodule <c>content</c> (state-dict names content.hidden.weight, …). Attached after
    /// the tables are trained, so creating it draws nothing from the random stream the tables are initialised from.
    /// </summary>
    public void AttachContentPath(ContentPath path)
    {
        if (content is not null) throw new InvalidOperationException("The network already has a content path.");
        if (path.Genres != Shape.Genres) throw new ArgumentException($"The content path reads {path.Genres} genres; the network has {Shape.Genres}.");
        content = path;
        register_module("content", path);
    }

    /// <summary>
    /// A batch's rows with the movie's own q_i and b_i replaced by the content path's stand-ins (p_u, b_u and the genre
    /// vector g_i stay): <see cref="Predict"/> of these is r̂ for a movie the network knows only by its content.
    /// </summary>
    public static BatchRows WithContentRows(BatchRows rows, ContentRows standIn) =>
        rows with { Q = standIn.Embedding, MovieBias = standIn.Bias };

    /// <summary>
    /// The relevance head's logits [users.Length, Movies] with the movies where <paramref name="replaced"/> is true scored by
    /// their content rows (<paramref name="standIn"/>, one row per movie) instead of their own: s = p_u·v_i + c_i.
    /// </summary>
    public Tensor RelevanceLogitsWithContent(Tensor users, ContentRows standIn, Tensor replaced)
    {
        var own = RelevanceLogits(users);
        var p = user_embedding.forward(users);
        var fromContent = p.matmul(standIn.Relevance!.t()) + standIn.RelevanceBias!;
        return where(replaced, fromContent, own);
    }

    /// <summary>Predicted ratings (unclamped) for row indices <paramref name="users"/>, <paramref name="movies"/> (int64, same shape).</summary>
    public override Tensor forward(Tensor users, Tensor movies) => Predict(Rows(users, movies));

    /// <summary>
    /// The table rows a batch reads — p_u, q_i, g_i, b_u, b_i — looked up once, so the prediction and the loss's
    /// per-rating penalty share them (a second lookup would cost a second dense embedding backward per table).
    /// </summary>
    public BatchRows Rows(Tensor users, Tensor movies) => new(
        user_embedding.forward(users),
        movie_embedding.forward(movies),
        movie_genres.index_select(0, movies),
        user_bias.forward(users).squeeze(-1),
        movie_bias.forward(movies).squeeze(-1));

    /// <summary>r̂ from a batch's rows: the formula of docs/MODEL.md, line by line.</summary>
    public Tensor Predict(BatchRows rows)
    {
        var (p, q, g) = (rows.P, rows.Q, rows.G);

        var e = q + genre_projection.forward(g);
        var h = cat([p, q, g], dim: -1);
        foreach (var fc in hidden)
        {
            h = nn.functional.relu(HiddenLayer(fc, h));
            if (dropout is not null) h = dropout.forward(h);
        }
        var y = @out.forward(h.dtype == ScalarType.Float32 ? h : h.to_type(ScalarType.Float32)).squeeze(-1);

        return global_bias
             + rows.UserBias
             + rows.MovieBias
             + (p * e).sum(-1)
             + y;
    }

    /// <summary>
    /// fc(h) in <see cref="MlpPrecision"/>: bfloat16 rounds the input, the weight, the bias and the output to bfloat16 (oneDNN sums the
    /// products in float32; autograd carries the gradients back through the casts to the float32 weights and rows).
    /// </summary>
    private Tensor HiddenLayer(Linear fc, Tensor h) => mlpPrecision == MlpPrecision.BFloat16
        ? nn.functional.linear(h.to_type(ScalarType.BFloat16), fc.weight!.to_type(ScalarType.BFloat16), fc.bias!.to_type(ScalarType.BFloat16))
        : fc.forward(h);

    /// <summary>
    /// The relevance head's logits for every movie, [users.Length, Movies]:
    /// s(u, i) = p_u · relevance_embedding_i + relevance_bias_i,
    /// from the same user embedding p_u as the rating head. One matmul for the whole catalogue.
    /// </summary>
    public Tensor RelevanceLogits(Tensor users)
    {
        var (vectors, bias) = relevance ?? throw new InvalidOperationException("This network has no relevance head.");
        var p = user_embedding.forward(users);
        return p.matmul(vectors.weight!.t()) + bias.weight!.squeeze(-1);
    }

    /// <summary>‖relevance_embedding‖² (the head's L2; its bias is not decayed).</summary>
    public Tensor RelevanceSquaredNorm()
    {
        var (vectors, _) = relevance ?? throw new InvalidOperationException("This network has no relevance head.");
        return vectors.weight!.square().sum();
    }

    /// <summary>
    /// The per-rating penalty of docs/MODEL.md's loss, λ_e(‖p_u‖² + ‖q_i‖²) + λ_b(b_u² + b_i²), one value per
    /// rating: the classic matrix-factorisation regulariser, which pulls users and movies with many ratings harder.
    /// </summary>
    public static Tensor RowPenalty(BatchRows rows, float embeddingL2, float biasL2) =>
        embeddingL2 * (rows.P.square().sum(-1) + rows.Q.square().sum(-1))
        + biasL2 * (rows.UserBias.square() + rows.MovieBias.square());

    /// <summary>Σ‖W‖² over the weights L2 applies to (genre projection, every fc weight, out); not biases or tables.</summary>
    public Tensor DenseSquaredNorm()
    {
        var sum = genre_projection.weight!.square().sum() + @out.weight!.square().sum();
        foreach (var fc in hidden) sum = sum + fc.weight!.square().sum();
        return sum;
    }

    /// <summary>The embedding and bias tables (what a sparse-row optimiser would treat apart).</summary>
    public IEnumerable<Parameter> Tables() => [user_embedding.weight!, user_bias.weight!, movie_embedding.weight!, movie_bias.weight!];

    /// <summary>Initialises as docs/MODEL.md says: global mean, zero biases, N(0, std²) embeddings and genre projection, PyTorch's default for the MLP.</summary>
    public void Initialise(float globalMean, double std)
    {
        using var _ = no_grad();
        global_bias.fill_(globalMean);
        user_bias.weight!.zero_();
        movie_bias.weight!.zero_();
        nn.init.normal_(user_embedding.weight!, 0, std);
        nn.init.normal_(movie_embedding.weight!, 0, std);
        nn.init.normal_(genre_projection.weight!, 0, std);
        if (relevance is var (vectors, bias))
        {
            nn.init.normal_(vectors.weight!, 0, std);
            bias.weight!.zero_();
        }
        // fc* and out keep nn.Linear's own initialisation: U(−1/√in, 1/√in) for weight and bias.
    }

    /// <summary>Fills the movie_genres buffer: multi-hot / √count per movie (all-zero for a movie without genres).</summary>
    public void SetMovieGenres(ReadOnlySpan<float> rows)
    {
        if (rows.Length != Shape.Movies * Shape.Genres)
            throw new ArgumentException($"Expected {Shape.Movies} × {Shape.Genres} genre values; got {rows.Length}.");
        using var _ = no_grad();
        movie_genres.copy_(tensor(rows.ToArray(), [Shape.Movies, Shape.Genres]));
    }
}

/// <summary>One batch's rows of the tables: user and movie embeddings, genre vectors ([B, d], [B, d], [B, G]) and biases ([B]).</summary>
public sealed record BatchRows(Tensor P, Tensor Q, Tensor G, Tensor UserBias, Tensor MovieBias);
