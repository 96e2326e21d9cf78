namespace HybridRecommender.Core.Model;

/// <summary>The architecture's sizes: everything needed to allocate a <see cref="HybridWeights"/>.</summary>
/// <param name="Users">rows of user_embedding</param>
/// <param name="Movies">rows of movie_embedding (the whole catalogue, rated or not)</param>
/// <param name="Genres">width of the multi-hot genre vector</param>
/// <param name="Dim">embedding width</param>
/// <param name="Hidden">widths of the ReLU hidden layers fc1..fcK (may be empty)</param>
/// <param name="Relevance">whether the network has the relevance (implicit-feedback) head: relevance_embedding
/// and relevance_bias (docs/MODEL.md). Bundles from before the head have none.</param>
public sealed record HybridNetworkShape(int Users, int Movies, int Genres, int Dim, IReadOnlyList<int> Hidden, bool Relevance = false)
{
    /// <summary>Width of the MLP input [user embedding, movie embedding, genre vector].</summary>
    public int MlpInput => 2 * Dim + Genres;

    public void Validate()
    {
        if (Users <= 0 || Movies <= 0) throw new ArgumentException("The network needs at least one user and one movie.");
        if (Genres < 0) throw new ArgumentException("Genre count cannot be negative.");
        if (Dim <= 0) throw new ArgumentException($"Embedding dimension must be positive; got {Dim}.");
        if (Hidden.Any(h => h <= 0)) throw new ArgumentException($"Hidden layer widths must be positive; got [{string.Join(", ", Hidden)}].");
    }

    /// <summary>Multiply–adds of one prediction, forward only, as computed per rating in training.</summary>
    public long ForwardMultiplyAddsPerRating(double meanGenresPerMovie)
    {
        long macs = Dim; // p_u · e_i
        macs += (long)Math.Ceiling(meanGenresPerMovie * Dim); // W_g g_i over the movie's genres
        var input = MlpInput;
        foreach (var h in Hidden) { macs += (long)input * h; input = h; }
        macs += input; // output layer
        return macs;
    }
}
