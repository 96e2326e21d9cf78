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

    /// <summary>An optional decimal number in [0, 1] (invariant culture, e.g. 0.5); absent or empty gives 0.</summary>
    public static bool TryParseUnitWeight(string? raw, string name, out float value, [NotNullWhen(false)] out ProblemDetails? problem)
    {
        value = 0f;
        problem = null;
        if (string.IsNullOrWhiteSpace(raw)) return true;
        if (float.TryParse(raw, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            && parsed is >= 0f and <= 1f)
        {
            value = parsed;
            return true;
        }
        problem = Problems.BadRequest($"Invalid parameter '{name}'", $"'{name}' must be a number from 0 to 1, such as 0.5; got '{Echo(raw)}'.", name);
        return false;
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
        // Strict: an optional '-' and ASCII digits, nothing else — no spaces, control characters or '+'
        // ("1\n", "1\t", "+1" are not quietly read as 1).
        var wholeNumber = IsStrictWholeNumber(raw);
        if (!wholeNumber || !int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            value = 0;
            // A whole number too large for the type is out of range, not "not a number".
            const NumberStyles lenient = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign;
            var detail = wholeNumber && min == int.MinValue
                ? $"'{name}' is a whole number too large for an id; got '{Echo(raw)}'."
                : !wholeNumber && int.TryParse(raw, lenient, CultureInfo.InvariantCulture, out _)
                    ? $"'{name}' must be {range}, written with digits only (no spaces, control characters or '+'); got '{Echo(raw)}'."
                    : $"'{name}' must be {range}; got '{Echo(raw)}'.";
            problem = Problems.BadRequest($"Invalid parameter '{name}'", detail, name);
            return false;
        }
        problem = null;
        return true;
    }

    /// <summary>An optional leading '-' followed by one or more ASCII digits.</summary>
    public static bool IsStrictWholeNumber(string raw)
    {
        var digits = raw.AsSpan(raw.StartsWith('-') ? 1 : 0);
        return !digits.IsEmpty && !digits.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>The client's value as quoted back in a problem: long values are cut, so an error is never bigger than the request.</summary>
    public static string Echo(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), $"… ({value.Length} characters)");

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
            problem = Problems.BadRequest("Invalid parameter 'match'", $"'match' must be 'any' or 'all'; got '{Echo(match)}'.", "match");
            return false;
        }

        ulong mask = 0;
        foreach (var item in (raw ?? []).SelectMany(v => (v ?? "").Split(',')))
        {
            var name = item.Trim();
            if (name.Length == 0) continue;
            if (!vocabulary.TryGetIndex(name, out var index))
            {
                // MovieLens writes "Comedy|Drama"; say how this API separates genres.
                var separator = name.IndexOfAny(['|', ';', '/']) >= 0 ? " Separate genres with commas (genres=Comedy,Drama) or repeat the parameter." : "";
                problem = Problems.BadRequest("Unknown genre",
                    $"'{Echo(name)}' is not a genre of this model. Valid genres (any case): {string.Join(", ", vocabulary.Names)}.{separator}", "genres");
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
