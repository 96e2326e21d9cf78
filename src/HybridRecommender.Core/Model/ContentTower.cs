using System.Numerics.Tensors;

namespace HybridRecommender.Core.Model;

/// <summary>
/// The content path, managed: stand-in rows for a movie from its content alone, mirroring the TorchSharp module
/// (training/Model/ContentPath.cs; a parity test holds the two together). For x = [g, one-hot(year bucket)]
/// (<see cref="ContentFeatures"/>):
/// <code>
///   h   = ReLU(content.hidden(x))
///   q   = content.movie_embedding(h)        stands in for movie_embedding_i
///   b   = content.movie_bias(h)             stands in for movie_bias_i
///   v   = content.relevance_embedding(h)    stands in for relevance_embedding_i   (with the relevance head)
///   c   = content.relevance_bias(h)         stands in for relevance_bias_i        (with the relevance head)
/// </code>
/// Every layer is a Linear with bias. Trained after the movie tables, with everything else frozen, to make the
/// network's own losses small when these rows replace a movie's (docs/MODEL.md, "Content path"). Immutable; thread-safe.
/// </summary>
public sealed class ContentTower : IContentRowSource
{
    public const string Prefix = "content.";

    public ContentTower(int genres, int hidden, int dim, bool relevance)
    {
        if (genres < 0 || hidden < 1 || dim < 1) throw new ArgumentException($"A content tower needs genres ≥ 0, hidden ≥ 1 and dim ≥ 1; got {genres}, {hidden}, {dim}.");
        Genres = genres;
        Hidden = new Linear(Prefix + "hidden", ContentFeatures.Width(genres), hidden);
        MovieEmbedding = new Linear(Prefix + "movie_embedding", hidden, dim);
        MovieBias = new Linear(Prefix + "movie_bias", hidden, 1);
        if (!relevance) return;
        RelevanceEmbedding = new Linear(Prefix + "relevance_embedding", hidden, dim);
        RelevanceBias = new Linear(Prefix + "relevance_bias", hidden, 1);
    }

    public int Genres { get; }
    public Linear Hidden { get; }
    public Linear MovieEmbedding { get; }
    public Linear MovieBias { get; }
    public Linear? RelevanceEmbedding { get; }
    public Linear? RelevanceBias { get; }
    public int Dim => MovieEmbedding.OutFeatures;

    public IEnumerable<Linear> Layers()
    {
        yield return Hidden;
        yield return MovieEmbedding;
        yield return MovieBias;
        if (RelevanceEmbedding is null) yield break;
        yield return RelevanceEmbedding;
        yield return RelevanceBias!;
    }

    public IEnumerable<Parameter> Parameters() => Layers().SelectMany(l => new[] { l.Weight, l.Bias });

    /// <summary>Whether a state dict holds a content path (any tensor under <see cref="Prefix"/>).</summary>
    public static bool IsContentTensor(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// The tower a state dict's <c>content.*</c> tensors describe, for a network of <paramref name="genres"/> genres and
    /// width <paramref name="dim"/>; its hidden width is read from content.hidden.weight. Every tensor must be there with its
    /// exact shape, and nothing else under the prefix.
    /// </summary>
    public static ContentTower FromState(IReadOnlyDictionary<string, Tensor> state, int genres, int dim, bool relevance)
    {
        var hiddenName = Prefix + "hidden.weight";
        if (!state.TryGetValue(hiddenName, out var hiddenWeight) || hiddenWeight.Shape.Length != 2 || hiddenWeight.Shape[0] < 1)
            throw new ModelFormatException($"The content path needs '{hiddenName}' of shape [hidden, {ContentFeatures.Width(genres)}].");
        var tower = new ContentTower(genres, hiddenWeight.Shape[0], dim, relevance);
        var own = tower.Parameters().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var given = state.Keys.Where(IsContentTensor).ToList();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = given.Where(k => !own.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new ModelFormatException($"The content path does not match the architecture. Missing: [{string.Join(", ", missing)}]; unexpected: [{string.Join(", ", unexpected)}].");
        foreach (var (name, target) in own)
        {
            var source = state[name];
            if (!source.Shape.SequenceEqual(target.Shape))
                throw new ModelFormatException($"Tensor '{name}' has shape {source.ShapeText}; the content path expects {target.ShapeText}.");
            foreach (var v in source.Data)
                if (!float.IsFinite(v)) throw new ModelFormatException($"Tensor '{name}' holds a non-finite value ({v}).");
        }
        foreach (var (name, target) in own) state[name].Data.CopyTo(target.Data, 0);
        return tower;
    }

    /// <summary>The rows the content path gives a movie with genre vector <paramref name="genres"/> and release year <paramref name="year"/>.</summary>
    public MovieRow Row(ReadOnlySpan<float> genres, int? year)
    {
        if (genres.Length != Genres)
            throw new ArgumentException($"The genre vector has {Genres} values (the vocabulary's order); got {genres.Length}.", nameof(genres));
        Span<float> x = stackalloc float[ContentFeatures.Width(Genres)];
        ContentFeatures.Write(genres, year, x);
        var h = new float[Hidden.OutFeatures];
        Hidden.Forward(x, h);
        TensorPrimitives.Max(h, 0f, h);
        var q = new float[Dim];
        MovieEmbedding.Forward(h, q);
        var relevance = RelevanceEmbedding is null ? [] : new float[Dim];
        RelevanceEmbedding?.Forward(h, relevance);
        return new MovieRow(q, Scalar(MovieBias, h), genres.ToArray(), relevance, RelevanceBias is null ? 0f : Scalar(RelevanceBias, h));
    }

    private static float Scalar(Linear layer, ReadOnlySpan<float> h)
    {
        Span<float> y = stackalloc float[1];
        layer.Forward(h, y);
        return y[0];
    }
}
