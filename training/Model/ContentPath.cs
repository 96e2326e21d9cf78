using ContentFeatures = HybridRecommender.Core.Model.ContentFeatures;
using ContentTower = HybridRecommender.Core.Model.ContentTower;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HybridRecommender.Training.Model;

/// <summary>
/// The content path as a TorchSharp module, registered in <see cref="HybridNetwork"/> as <c>content</c> (state-dict names
/// content.hidden.weight, …, the managed <see cref="ContentTower"/>'s). From x = [g, one-hot(year bucket)]
/// (<see cref="ContentFeatures"/>) to stand-in rows for both heads:
/// <code>
///   h = ReLU(hidden(x));  q = movie_embedding(h);  b = movie_bias(h);  v = relevance_embedding(h);  c = relevance_bias(h)
/// </code>
/// </summary>
public sealed class ContentPath : nn.Module<Tensor, ContentRows>
{
    // Field names are the state-dict names (RegisterComponents uses them).
    private readonly Linear hidden;
    private readonly Linear movie_embedding;
    private readonly Linear movie_bias;
    private readonly Linear? relevance_embedding;
    private readonly Linear? relevance_bias;

    public ContentPath(int genres, int hiddenWidth, int dim, bool relevance) : base(nameof(ContentPath))
    {
        Genres = genres;
        hidden = nn.Linear(ContentFeatures.Width(genres), hiddenWidth);
        movie_embedding = nn.Linear(hiddenWidth, dim);
        movie_bias = nn.Linear(hiddenWidth, 1);
        if (relevance)
        {
            relevance_embedding = nn.Linear(hiddenWidth, dim);
            relevance_bias = nn.Linear(hiddenWidth, 1);
        }
        RegisterComponents();
    }

    public int Genres { get; }

    /// <summary>Stand-in rows for a batch of content inputs x [B, genres + year buckets].</summary>
    public override ContentRows forward(Tensor x)
    {
        var h = Hidden(x);
        var (q, b) = RatingRows(h);
        if (relevance_embedding is null) return new ContentRows(q, b, null, null);
        var (v, c) = RelevanceRows(h);
        return new ContentRows(q, b, v, c);
    }

    /// <summary>h = ReLU(hidden(x)), shared by the heads: the sampled objective evaluates each head only on the movies it needs.</summary>
    public Tensor Hidden(Tensor x) => nn.functional.relu(hidden.forward(x));

    /// <summary>The rating head's stand-ins from h: q [B, dim] and b [B].</summary>
    public (Tensor Embedding, Tensor Bias) RatingRows(Tensor h) => (movie_embedding.forward(h), movie_bias.forward(h).squeeze(-1));

    /// <summary>The relevance head's stand-ins from h: v [B, dim] and c [B].</summary>
    public (Tensor Vectors, Tensor Bias) RelevanceRows(Tensor h) =>
        (relevance_embedding?.forward(h) ?? throw new InvalidOperationException("This content path has no relevance head."), relevance_bias!.forward(h).squeeze(-1));

    /// <summary>Σ‖W‖² over the path's weights (not biases): its L2.</summary>
    public Tensor SquaredNorm()
    {
        var sum = hidden.weight!.square().sum() + movie_embedding.weight!.square().sum() + movie_bias.weight!.square().sum();
        if (relevance_embedding is not null) sum = sum + relevance_embedding.weight!.square().sum() + relevance_bias!.weight!.square().sum();
        return sum;
    }
}

/// <summary>The content path's rows for a batch: q [B, dim], b [B] and, with the relevance head, v [B, dim] and c [B].</summary>
public sealed record ContentRows(Tensor Embedding, Tensor Bias, Tensor? Relevance, Tensor? RelevanceBias);
