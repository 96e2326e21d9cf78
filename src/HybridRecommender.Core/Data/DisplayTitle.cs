using System.Text.RegularExpressions;

namespace HybridRecommender.Core.Data;

/// <summary>
/// The title as a person reads it: MovieLens files put a leading article last ("Matrix, The", "Avventura, L'"),
/// also before an alternative title in brackets ("City of Lost Children, The (Cité des enfants perdus, La)");
/// this moves it to the front ("The Matrix", "L'Avventura", "The City of Lost Children (Cité des enfants perdus, La)").
/// A title already in that form comes back unchanged.
/// </summary>
public static partial class DisplayTitle
{
    public static string Of(string movieLensTitle)
    {
        var match = TrailingArticle().Match(movieLensTitle);
        if (!match.Success) return movieLensTitle;
        var article = match.Groups["article"].Value;
        var separator = article.EndsWith('\'') ? "" : " ";
        return article + separator + match.Groups["rest"].Value + match.Groups["aka"].Value;
    }

    [GeneratedRegex(@"^(?<rest>.*?), (?<article>The|A|An|Les|La|Le|L'|Il|Das|Der|Die|El)(?<aka> \(.*\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingArticle();
}
