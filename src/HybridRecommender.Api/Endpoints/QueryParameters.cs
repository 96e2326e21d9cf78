using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Data;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

/// <summary>
/// Parses query and route values taken as strings. The framework's own int binding answers a bad
/// value with an empty 400; parsing here lets every such answer say what was wrong and what is valid.
/// </summary>
public static class QueryParameters
{
    /// <summary>An optional whole number in [min, max]; absent or empty gives <paramref name="fallback"/>.</summary>
    public static bool TryParseInt(string? raw, string name, int min, int max, int fallback, out int value,
        [NotNullWhen(false)] out ProblemDetails? problem)
    {
        var ok = TryParseOptionalInt(raw, name, min, max, out var parsed, out problem);
        value = parsed ?? fallback;
        return ok;
    }

    /// <summary>An optional whole number in [min, max]; absent or empty gives null.</summary>
    public static bool TryParseOptionalInt(string? raw, string name, int min, int max, out int? value,
        [NotNullWhen(false)] out ProblemDetails? problem)
    {
        value = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(raw)) return true;
        if (!TryParseRequiredInt(raw, name, min, max, out var parsed, out problem)) return false;
        value = parsed;
        return true;
    }

    /// <summary>A required whole number in [min, max].</summary>
    public static bool TryParseRequiredInt(string? raw, string name, int min, int max, out int value,
        [NotNullWhen(false)] out ProblemDetails? problem)
    {
        var range = min == int.MinValue ? "a whole number" : $"a whole number from {min} to {max}";
        if (string.IsNullOrWhiteSpace(raw))
        {
            value = 0;
            problem = Problems.BadRequest($"Missing parameter '{name}'", $"'{name}' is required: {range}.", name);
            return false;
        }
        if (!int.TryParse(raw, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            problem = Problems.BadRequest($"Invalid parameter '{name}'", $"'{name}' must be {range}; got '{raw}'.", name);
            return false;
        }
        problem = null;
        return true;
    }

    /// <summary>
    /// A genre filter from <c>genres</c> (comma-separated and/or repeated, any case; empty items
    /// ignored) and <c>match</c> (<c>any</c>, the default, or <c>all</c>).
    /// </summary>
    public static bool TryParseGenres(string[]? raw, string? match, GenreVocabulary vocabulary, out GenreFilter filter,
        [NotNullWhen(false)] out ProblemDetails? problem)
    {
        filter = GenreFilter.None;
        GenreMatch mode;
        if (string.IsNullOrWhiteSpace(match) || match.Trim().Equals("any", StringComparison.OrdinalIgnoreCase)) mode = GenreMatch.Any;
        else if (match.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) mode = GenreMatch.All;
        else
        {
            problem = Problems.BadRequest("Invalid parameter 'match'", $"'match' must be 'any' or 'all'; got '{match}'.", "match");
            return false;
        }

        ulong mask = 0;
        foreach (var item in (raw ?? []).SelectMany(v => (v ?? "").Split(',')))
        {
            var name = item.Trim();
            if (name.Length == 0) continue;
            if (!vocabulary.TryGetIndex(name, out var index))
            {
                problem = Problems.BadRequest("Unknown genre",
                    $"'{name}' is not a genre of this model. Valid genres (any case): {string.Join(", ", vocabulary.Names)}.", "genres");
                problem.Extensions["validGenres"] = vocabulary.Names;
                return false;
            }
            mask |= 1UL << index;
        }
        var names = Enumerable.Range(0, vocabulary.Count).Where(g => (mask & (1UL << g)) != 0).Select(g => vocabulary[g]).ToArray();
        filter = new GenreFilter(mask, mode, names);
        problem = null;
        return true;
    }
}
