using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

/// <summary>
/// Reads a small JSON object body strictly, for the write endpoints: `Content-Type: application/json` in UTF-8 (else 415),
/// at most a given size (else 413), valid UTF-8 and JSON with each field once (else 400 saying which). The caller checks the shape.
/// </summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    /// <param name="request">The request whose body is read.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <param name="typicalSize">Said after a 413 ("a rating is a few").</param>
    /// <param name="valid">What a valid body is, appended to every problem's detail.</param>
    /// <param name="parameter">The problem's <c>parameter</c>.</param>
    /// <param name="ct">Cancels reading.</param>
    public static async Task<(JsonDocument? Document, ProblemDetails? Problem)> ReadAsync(HttpRequest request, int maxBytes, string typicalSize,
        string valid, string parameter, CancellationToken ct)
    {
        if (!IsUtf8Json(request.ContentType))
            return (null, Problems.UnsupportedMediaType(request.ContentType is null
                ? $"No Content-Type was sent. Send 'Content-Type: application/json' (UTF-8). {valid}"
                : $"Content-Type '{QueryParameters.Echo(request.ContentType)}' is not accepted. Send 'Content-Type: application/json' (UTF-8). {valid}"));
        if (request.ContentLength > maxBytes)
            return (null, Problems.PayloadTooLarge($"The body has {request.ContentLength} bytes; at most {maxBytes} bytes are accepted ({typicalSize}). {valid}", parameter));
        var buffer = new byte[maxBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
        if (read > maxBytes) return (null, Problems.PayloadTooLarge($"The body is over {maxBytes} bytes ({typicalSize}). {valid}", parameter));
        if (read == 0) return (null, Problems.BadRequest("Missing body", $"No body was sent. {valid}", parameter));
        // The parser checks UTF-8 only in what it decodes; a bad byte elsewhere would fail later, as a 500.
        if (!System.Text.Unicode.Utf8.IsValid(buffer.AsSpan(0, read)))
            return (null, Problems.BadRequest("Invalid UTF-8", $"The body is not valid UTF-8 text. {valid}", parameter));
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(buffer.AsMemory(0, read), StrictJson);
        }
        catch (JsonException) when (FirstDuplicate(buffer.AsMemory(0, read)) is { } name)
        {
            return (null, Problems.BadRequest("Duplicate field", $"The body names '{QueryParameters.Echo(name)}' more than once; each field may appear once. {valid}", parameter));
        }
        catch (JsonException)
        {
            return (null, Problems.BadRequest("Invalid JSON", $"The body is not valid JSON. {valid}", parameter));
        }
        catch (InvalidOperationException) // a "\ud800" escape in a field name the duplicate check decodes
        {
            return (null, UnpairedSurrogate(valid, parameter));
        }
        // Valid JSON may still escape half a UTF-16 pair ("\ud800"), which no string can hold: reading it would throw, a 500.
        if (!AllTextDecodes(doc.RootElement))
        {
            doc.Dispose();
            return (null, UnpairedSurrogate(valid, parameter));
        }
        return (doc, null);
    }

    /// <summary>The object's fields other than <paramref name="known"/>, quoted and listed ('a', 'b'), or null when there are none.</summary>
    public static string? UnknownFields(JsonElement body, params string[] known)
    {
        var unknown = body.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n, StringComparer.Ordinal)).ToArray();
        return unknown.Length == 0 ? null : string.Join(", ", unknown.Select(u => $"'{QueryParameters.Echo(u)}'"));
    }

    private static ProblemDetails UnpairedSurrogate(string valid, string parameter) => Problems.BadRequest("Invalid text",
        $"The body escapes half of a UTF-16 surrogate pair (such as \\ud800 alone), which is not text. {valid}", parameter);

    private static bool AllTextDecodes(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Array:
                    return element.EnumerateArray().All(AllTextDecodes);
                case JsonValueKind.Object:
                    return element.EnumerateObject().All(p => p.Name is not null && AllTextDecodes(p.Value));
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // application/json or a +json type, in UTF-8 (no charset parameter, or utf-8).
    private static bool IsUtf8Json(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
        && (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    // The first field name repeated within one object, or null: says which when the strict parse refused duplicates.
    private static string? FirstDuplicate(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return FirstDuplicate(doc.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? FirstDuplicate(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
            return element.EnumerateArray().Select(FirstDuplicate).FirstOrDefault(d => d is not null);
        if (element.ValueKind != JsonValueKind.Object) return null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in element.EnumerateObject())
        {
            if (!seen.Add(p.Name)) return p.Name;
            if (FirstDuplicate(p.Value) is { } inner) return inner;
        }
        return null;
    }
}
