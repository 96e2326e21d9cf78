using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Model;

namespace HybridRecommender.SyntheticCatalogue;

/// <summary>
/// A model bundle with the committed architecture and users but a catalogue of any size, FOR SERVING COST ONLY (its lists mean
/// nothing). The first movies are the source bundle's, unchanged; every further movie copies a random trained source movie's
/// rows — movie_embedding, movie_bias, relevance_embedding, relevance_bias and its genres — plus Gaussian noise of half each
/// column's spread over the trained movies (per-coordinate standard deviation × <see cref="NoiseScale"/>). So the rows keep the
/// trained ones' distribution (norms, popularity biases, genre mix, how the two heads agree), which is what retrieval and
/// scoring cost depend on, without a training run at that size. Users, rated/liked movies and every other tensor are the source's.
/// </summary>
public static class SyntheticBundle
{
    public const float NoiseScale = 0.5f;
    /// <summary>Synthetic movie j (0-based past the source catalogue) gets id <c>FirstSyntheticId + j</c>.</summary>
    public const int FirstSyntheticId = 1_000_000;

    public static ModelBundle Grow(ModelBundle source, int movies, int seed)
    {
        var original = source.Movies.Count;
        if (movies < original) throw new ArgumentOutOfRangeException(nameof(movies), $"The synthetic catalogue must hold at least the source's {original} movies; got {movies}.");
        var s = source.Network.Shape;
        var grown = new HybridWeights(s with { Movies = movies });
        var from = source.Network.StateDict();
        var to = grown.StateDict();
        var trained = Enumerable.Range(0, original).Where(m => source.Movies[m].RatingCount > 0).ToArray();
        var rng = new Random(seed);
        var sourceOf = new int[movies];
        for (var m = 0; m < movies; m++) sourceOf[m] = m < original ? m : trained[rng.Next(trained.Length)];
        foreach (var (name, target) in to)
        {
            var values = from[name];
            if (target.Shape.Length == 0 || target.Shape[0] != movies || values.Shape[0] != original)
            {
                values.Data.CopyTo(target.Data, 0); // not a per-movie table: the source's tensor as it is
                continue;
            }
            var width = target.Data.Length / movies;
            var noisy = name != HybridWeights.MovieGenresBuffer; // genres are copied exactly, so filters see real genre masks
            var spread = noisy ? ColumnSpread(values.Data, trained, width) : new float[width];
            for (var m = 0; m < movies; m++)
            {
                var row = target.Data.AsSpan(m * width, width);
                values.Data.AsSpan(sourceOf[m] * width, width).CopyTo(row);
                if (m < original || !noisy) continue;
                for (var k = 0; k < width; k++) row[k] += (float)(Normal(rng) * spread[k] * NoiseScale);
            }
        }

        var catalogue = new List<CatalogueEntry>(movies);
        catalogue.AddRange(source.Movies);
        for (var m = original; m < movies; m++)
        {
            var like = source.Movies[sourceOf[m]];
            catalogue.Add(new CatalogueEntry(FirstSyntheticId + m - original, $"Synthetic movie {m - original + 1}", like.Year, like.Genres, 0, 0));
        }
        var card = source.Card with
        {
            Model = $"{source.Card.Model}: SYNTHETIC catalogue of {movies:N0} movies (bench/SyntheticCatalogue), for serving cost only",
            Architecture = source.Card.Architecture with { Movies = movies, Parameters = grown.ParameterCount },
            MovieIds = catalogue.Select(c => c.Id).ToArray(),
        };
        return new ModelBundle(card, grown, catalogue, source.RatedByUser, source.LikedByUser);
    }

    private static float[] ColumnSpread(float[] table, int[] rows, int width)
    {
        var spread = new float[width];
        for (var k = 0; k < width; k++)
        {
            double sum = 0, squares = 0;
            foreach (var r in rows) { var v = table[r * width + k]; sum += v; squares += (double)v * v; }
            var mean = sum / rows.Length;
            spread[k] = (float)Math.Sqrt(Math.Max(0, squares / rows.Length - mean * mean));
        }
        return spread;
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
