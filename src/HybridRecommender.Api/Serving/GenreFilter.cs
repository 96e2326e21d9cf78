namespace HybridRecommender.Api.Serving;

/// <summary>A parsed genre filter: a bit mask over the model's genre vocabulary and how to match it.</summary>
/// <param name="Mask">Bits of the genres asked for; 0 means no filter.</param>
/// <param name="Match">Any or all of the genres.</param>
/// <param name="Names">Canonical names of the genres asked for, in vocabulary order.</param>
public sealed record GenreFilter(ulong Mask, GenreMatch Match, IReadOnlyList<string> Names)
{
    public static readonly GenreFilter None = new(0, GenreMatch.Any, []);

    public bool Accepts(ulong movieGenres) => Mask == 0
        || (Match == GenreMatch.All ? (movieGenres & Mask) == Mask : (movieGenres & Mask) != 0);

    public string MatchName => Match == GenreMatch.All ? "all" : "any";
}
