using System.Text.Json;
using HybridRecommender.Api.Contracts;
using HybridRecommender.Core.Data;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

/// <summary>Reads and checks a <see cref="MovieRequest"/> body: a 400/413/415 problem saying what was wrong and what is valid.</summary>
public static class MovieRequestReader
{
    public const int MaxBodyBytes = 4096;
    public const int MaxTitleLength = 200;
    /// <summary>The first films date from the 1870s–1880s; nothing is released more than a year ahead.</summary>
    public const int MinYear = 1870;

    public static int MaxYear => DateTime.UtcNow.Year + 1;

    public static async Task<(MovieRequest? Movie, ProblemDetails? Problem)> ReadAsync(HttpRequest request, GenreVocabulary genres, CancellationToken ct)
    {
        var valid = $"The body is JSON {{ \"title\": text of 1–{MaxTitleLength} characters, \"year\": {MinYear}–{MaxYear}, \"genres\": [one or more of "
            + $"{string.Join(", ", genres.Names)}, each once] }}.";
        var (doc, problem) = await JsonBody.ReadAsync(request, MaxBodyBytes, "a movie's metadata is a few hundred", valid, "body", ct);
        if (doc is null) return (null, problem);
        using (doc)
        {
            var body = doc.RootElement;
            if (body.ValueKind != JsonValueKind.Object)
                return (null, Problems.BadRequest("Not a JSON object", $"The body is not a JSON object. {valid}", "body"));
            if (JsonBody.UnknownFields(body, "title", "year", "genres") is { } unknown)
                return (null, Problems.BadRequest("Unknown field", $"The body has unknown field(s) {unknown}. {valid}", "body"));

            if (!body.TryGetProperty("title", out var titleValue) || titleValue.ValueKind != JsonValueKind.String)
                return (null, Problems.BadRequest("Invalid title", $"'title' must be a string. {valid}", "title"));
            var title = titleValue.GetString()!.Trim();
            if (title.Length == 0 || title.Length > MaxTitleLength)
                return (null, Problems.BadRequest("Invalid title", $"'title' has {title.Length} characters after trimming; it must have 1 to {MaxTitleLength}. {valid}", "title"));
            if (title.Any(char.IsControl))
                return (null, Problems.BadRequest("Invalid title", $"'title' holds a control character (a line break, tab or similar). {valid}", "title"));
            // Format characters (zero-width space, right-to-left override…) are invisible: a title of only those shows as nothing.
            if (title.All(c => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
                return (null, Problems.BadRequest("Invalid title", $"'title' has no visible character, only invisible formatting ones (zero-width space, direction marks or similar). {valid}", "title"));

            if (!body.TryGetProperty("year", out var yearValue) || yearValue.ValueKind != JsonValueKind.Number
                || !yearValue.TryGetInt32(out var year) || year < MinYear || year > MaxYear)
                return (null, Problems.BadRequest("Invalid year",
                    $"'year' must be a whole number from {MinYear} to {MaxYear}; got {(yearValue.ValueKind == JsonValueKind.Undefined ? "nothing" : QueryParameters.Echo(yearValue.GetRawText()))}. {valid}", "year"));

            if (!body.TryGetProperty("genres", out var genresValue) || genresValue.ValueKind != JsonValueKind.Array || genresValue.GetArrayLength() == 0)
                return (null, Problems.BadRequest("Invalid genres", $"'genres' must be a non-empty array of genre names. {valid}", "genres"));
            var names = new List<string>();
            foreach (var g in genresValue.EnumerateArray())
            {
                if (g.ValueKind != JsonValueKind.String)
                    return (null, Problems.BadRequest("Invalid genres", $"'genres' holds {QueryParameters.Echo(g.GetRawText())}, which is not a genre name. {valid}", "genres"));
                var raw = g.GetString()!;
                if (genres.Canonical(raw) is not { } name)
                    return (null, Problems.BadRequest("Unknown genre", $"'{QueryParameters.Echo(raw)}' is not one of the model's genres. {valid}", "genres"));
                if (names.Contains(name))
                    return (null, Problems.BadRequest("Duplicate genre", $"'genres' names {name} more than once. {valid}", "genres"));
                names.Add(name);
            }
            // Vocabulary order, as the catalogue lists a movie's genres.
            names.Sort((a, b) => genres.MaskOf([a]).CompareTo(genres.MaskOf([b])));
            return (new MovieRequest(title, year, names), null);
        }
    }
}
