namespace HybridRecommender.Core.Model;

/// <summary>A lookup table: weight [rows, dim], row r is the vector of entity r. Trained sparsely.</summary>
public sealed class Embedding
{
    public Embedding(string name, int rows, int dim)
    {
        Rows = rows;
        Dim = dim;
        Weight = new Parameter($"{name}.weight", new Tensor(rows, dim), isSparse: true);
    }

    public int Rows { get; }
    public int Dim { get; }
    public Parameter Weight { get; }

    public ReadOnlySpan<float> Row(int r) => new(Weight.Value.Data, r * Dim, Dim);

    /// <summary>N(0, std²) entries; small so the dot-product term starts near zero.</summary>
    public void Initialise(Random rng, double std)
    {
        var w = Weight.Value.Data;
        for (var i = 0; i < w.Length; i++) w[i] = (float)(NormalSample(rng) * std);
    }

    internal static double NormalSample(Random rng)
    {
        // Box–Muller; 1 - NextDouble() keeps the log argument in (0, 1].
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
