namespace HybridRecommender.Core.Data;

/// <summary>Splits a MovieLens title such as "Toy Story (1995)" into its name and release year.</summary>
internal static class MovieTitle
{
    /// <summary>
    /// The title without a trailing " (YYYY)", and the year; the title unchanged (trimmed) and a null
    /// year when there is no such suffix. Some MovieLens titles have trailing spaces, hence the trims.
    /// </summary>
    public static (string Title, int? Year) Split(string raw)
    {
        var s = raw.AsSpan().TrimEnd();
        // "(YYYY)" is 6 chars; require something before it so a title that is only a year stays as is.
        if (s.Length > 6 && s[^1] == ')' && s[^6] == '(' && IsDigits(s[^5..^1]))
        {
            var year = int.Parse(s[^5..^1], System.Globalization.CultureInfo.InvariantCulture);
            var name = s[..^6].TrimEnd();
            if (name.Length > 0)
                return (name.ToString(), year);
        }
        return (s.Length == raw.Length ? raw : s.ToString(), null);
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
                return false;
        }
        return true;
    }
}
