using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using HybridRecommender.Core.IO;

namespace HybridRecommender.Core.Model;

/// <summary>
/// Reads and writes Hugging Face safetensors files (F32 only), so PyTorch users can load our weights with
/// <c>safetensors.torch.load_file</c>. Layout: u64 little-endian header length N, N bytes of UTF-8 JSON
/// (padded with spaces so the data starts 8-byte aligned), then the raw little-endian tensor bytes.
/// </summary>
public static class SafeTensorsFile
{
    public const string MetadataKey = "__metadata__";
    public const string SupportedDtype = "F32";

    /// <summary>Larger headers are treated as corruption: even a huge model's header is a few hundred KB.</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    private const int LengthPrefixBytes = 8;
    private const int Alignment = 8;

    /// <summary>Writes atomically: a crash or exception leaves any previous file at <paramref name="path"/> intact.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        AtomicFile.Write(path, stream => Write(stream, tensors, metadata));
    }

    /// <summary>Writes tensors sorted by name (ordinal) and metadata sorted by key, so equal input gives equal bytes.</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        EnsureLittleEndianHost();

        var ordered = tensors.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        foreach (var (name, tensor) in ordered)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("Tensor names must be non-empty.", nameof(tensors));
            if (name == MetadataKey) throw new ArgumentException($"'{MetadataKey}' is reserved for metadata and cannot name a tensor.", nameof(tensors));
            ArgumentNullException.ThrowIfNull(tensor, $"tensors[\"{name}\"]");
            // Shape is a mutable array, so re-check it still describes the data.
            if (Tensor.ElementCount(tensor.Shape) != tensor.Data.Length)
                throw new ArgumentException($"Tensor '{name}' has shape {tensor.ShapeText} but {tensor.Data.Length} values.", nameof(tensors));
        }

        var header = BuildHeader(ordered, metadata);
        Span<byte> prefix = stackalloc byte[LengthPrefixBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var (_, tensor) in ordered)
            stream.Write(MemoryMarshal.AsBytes(tensor.Data.AsSpan()));
    }

    /// <summary>
    /// Reads a file: the header, then each tensor straight from the file into its own array (no image of the whole file in memory
    /// first: a 1M-movie bundle's weights are 0.85 GB). The same checks as <see cref="Read(ReadOnlySpan{byte}, string)"/>.
    /// </summary>
    public static SafeTensorsContent Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        EnsureLittleEndianHost();
        using var file = File.OpenHandle(path);
        var length = RandomAccess.GetLength(file);
        if (length < LengthPrefixBytes)
            throw Invalid(path, $"it is {length} bytes long, shorter than the {LengthPrefixBytes}-byte header length.");
        Span<byte> prefix = stackalloc byte[LengthPrefixBytes];
        ReadExactly(file, prefix, 0, path);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
            throw Invalid(path, $"the header length {headerLength} is over the {MaxHeaderBytes}-byte limit; the file is corrupt or not safetensors.");
        if (headerLength > (ulong)(length - LengthPrefixBytes))
            throw Invalid(path, $"the header length {headerLength} runs past the end of the {length}-byte file.");
        var header = new byte[(int)headerLength];
        ReadExactly(file, header, LengthPrefixBytes, path);
        var dataStart = LengthPrefixBytes + (long)headerLength;
        var (entries, metadata) = ParseHeader(header, length - dataStart, path);
        CheckDataIsCoveredExactly(entries, length - dataStart, path);

        var tensors = new OrderedDictionary<string, Tensor>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var values = new float[entry.ElementCount];
            ReadExactly(file, MemoryMarshal.AsBytes(values.AsSpan()), dataStart + entry.Begin, path);
            tensors.Add(entry.Name, new Tensor(entry.Shape, values));
        }
        return new SafeTensorsContent(tensors, metadata);
    }

    private static void ReadExactly(Microsoft.Win32.SafeHandles.SafeFileHandle file, Span<byte> into, long offset, string path)
    {
        while (into.Length > 0)
        {
            var read = RandomAccess.Read(file, into, offset);
            if (read == 0) throw Invalid(path, $"it ended at byte {offset} while more was expected (it changed while being read?).");
            into = into[read..];
            offset += read;
        }
    }

    /// <summary>Reads a whole stream; <paramref name="sourceName"/> names it in error messages.</summary>
    public static SafeTensorsContent Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), sourceName);
    }

    /// <summary>Reads a whole file image; <paramref name="sourceName"/> names it in error messages.</summary>
    public static SafeTensorsContent Read(ReadOnlySpan<byte> bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        EnsureLittleEndianHost();

        if (bytes.Length < LengthPrefixBytes)
            throw Invalid(sourceName, $"it is {bytes.Length} bytes long, shorter than the {LengthPrefixBytes}-byte header length.");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes)
            throw Invalid(sourceName, $"the header length {headerLength} is over the {MaxHeaderBytes}-byte limit; the file is corrupt or not safetensors.");
        if (headerLength > (ulong)(bytes.Length - LengthPrefixBytes))
            throw Invalid(sourceName, $"the header length {headerLength} runs past the end of the {bytes.Length}-byte file.");

        var headerBytes = bytes.Slice(LengthPrefixBytes, (int)headerLength);
        var data = bytes[(LengthPrefixBytes + (int)headerLength)..];
        var (entries, metadata) = ParseHeader(headerBytes, data.Length, sourceName);
        CheckDataIsCoveredExactly(entries, data.Length, sourceName);

        var tensors = new OrderedDictionary<string, Tensor>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var values = new float[entry.ElementCount];
            data[(int)entry.Begin..(int)entry.End].CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            tensors.Add(entry.Name, new Tensor(entry.Shape, values));
        }
        return new SafeTensorsContent(tensors, metadata);
    }

    private sealed record HeaderEntry(string Name, int[] Shape, int ElementCount, long Begin, long End);

    private static byte[] BuildHeader(List<KeyValuePair<string, Tensor>> ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        using var json = new MemoryStream();
        // Relaxed escaping keeps names and metadata readable; the output is still strict JSON.
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            long offset = 0;
            foreach (var (name, tensor) in ordered)
            {
                var end = offset + 4L * tensor.Data.Length;
                writer.WriteStartObject(name);
                writer.WriteString("dtype", SupportedDtype);
                writer.WriteStartArray("shape");
                foreach (var d in tensor.Shape) writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(end);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset = end;
            }
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    ArgumentNullException.ThrowIfNull(value, $"metadata[\"{key}\"]");
                    writer.WriteString(key, value);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }

        var padding = (int)((Alignment - (LengthPrefixBytes + json.Length) % Alignment) % Alignment);
        for (var i = 0; i < padding; i++) json.WriteByte((byte)' ');
        return json.ToArray();
    }

    private static (List<HeaderEntry> Entries, IReadOnlyDictionary<string, string> Metadata) ParseHeader(
        ReadOnlySpan<byte> headerBytes, long dataLength, string source)
    {
        JsonDocument document;
        try
        {
            // Duplicate names are detected below with a clearer message than the parser's.
            document = JsonDocument.Parse(headerBytes.ToArray(), new JsonDocumentOptions { AllowDuplicateProperties = true });
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw Invalid(source, $"the header is not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Invalid(source, $"the header must be a JSON object but is {Describe(root.ValueKind)}.");

            var entries = new List<HeaderEntry>();
            var metadata = new OrderedDictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw Invalid(source, $"the header names '{property.Name}' more than once.");
                if (property.Name == MetadataKey)
                    ReadMetadata(property.Value, metadata, source);
                else
                    entries.Add(ReadEntry(property.Name, property.Value, dataLength, source));
            }
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement element, OrderedDictionary<string, string> metadata, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Invalid(source, $"'{MetadataKey}' must be an object of strings but is {Describe(element.ValueKind)}.");
        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Invalid(source, $"metadata '{item.Name}' must be a string but is {Describe(item.Value.ValueKind)}.");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw Invalid(source, $"metadata names '{item.Name}' more than once.");
        }
    }

    private static HeaderEntry ReadEntry(string name, JsonElement element, long dataLength, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Invalid(source, $"tensor '{name}' must be an object but is {Describe(element.ValueKind)}.");

        if (!element.TryGetProperty("dtype", out var dtypeElement))
            throw Invalid(source, $"tensor '{name}' has no 'dtype'.");
        if (dtypeElement.ValueKind != JsonValueKind.String)
            throw Invalid(source, $"tensor '{name}' has a 'dtype' that is {Describe(dtypeElement.ValueKind)}, not a string.");
        var dtype = dtypeElement.GetString();
        if (dtype != SupportedDtype)
            throw Invalid(source, $"tensor '{name}' has dtype '{dtype}'; only {SupportedDtype} (float32) is supported.");

        if (!element.TryGetProperty("shape", out var shapeElement))
            throw Invalid(source, $"tensor '{name}' has no 'shape'.");
        if (shapeElement.ValueKind != JsonValueKind.Array)
            throw Invalid(source, $"tensor '{name}' has a 'shape' that is {Describe(shapeElement.ValueKind)}, not an array.");
        var shape = new int[shapeElement.GetArrayLength()];
        long elementCount = 1;
        var i = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var d))
                throw Invalid(source, $"tensor '{name}' has a shape entry that is not an integer: {dim.GetRawText()}.");
            if (d < 0)
                throw Invalid(source, $"tensor '{name}' has a negative dimension {d} in its shape.");
            if (d > int.MaxValue || (elementCount *= d) > int.MaxValue)
                throw Invalid(source, $"tensor '{name}' is too large: shape {shapeElement.GetRawText()}.");
            shape[i++] = (int)d;
        }

        if (!element.TryGetProperty("data_offsets", out var offsetsElement))
            throw Invalid(source, $"tensor '{name}' has no 'data_offsets'.");
        if (offsetsElement.ValueKind != JsonValueKind.Array || offsetsElement.GetArrayLength() != 2)
            throw Invalid(source, $"tensor '{name}' must have 'data_offsets' as [begin, end] but has {offsetsElement.GetRawText()}.");
        if (!offsetsElement[0].TryGetInt64(out var begin) || !offsetsElement[1].TryGetInt64(out var end))
            throw Invalid(source, $"tensor '{name}' has non-integer data_offsets {offsetsElement.GetRawText()}.");
        if (begin < 0 || end < begin || end > dataLength)
            throw Invalid(source, $"tensor '{name}' has data_offsets [{begin}, {end}] outside the {dataLength}-byte data section.");
        if (end - begin != elementCount * sizeof(float))
            throw Invalid(source, $"tensor '{name}' has shape {shapeElement.GetRawText()} ({elementCount * sizeof(float)} bytes of F32) but data_offsets [{begin}, {end}] span {end - begin} bytes.");

        return new HeaderEntry(name, shape, (int)elementCount, begin, end);
    }

    /// <summary>Tensors must tile the data section: sorted by offset, each starts where the previous ended.</summary>
    private static void CheckDataIsCoveredExactly(List<HeaderEntry> entries, long dataLength, string source)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long position = 0;
        HeaderEntry? previous = null;
        foreach (var entry in entries)
        {
            if (entry.Begin < position)
                throw Invalid(source, $"tensor '{entry.Name}' (bytes {entry.Begin}..{entry.End}) overlaps tensor '{previous!.Name}' (bytes {previous.Begin}..{previous.End}).");
            if (entry.Begin > position)
                throw Invalid(source, previous is null
                    ? $"the data section starts with {entry.Begin} unused bytes before tensor '{entry.Name}'."
                    : $"there is a gap of {entry.Begin - position} bytes between tensor '{previous.Name}' and tensor '{entry.Name}'.");
            position = entry.End;
            previous = entry;
        }
        if (position != dataLength)
            throw Invalid(source, $"{dataLength - position} trailing bytes follow the last tensor in the data section.");
    }

    private static void EnsureLittleEndianHost()
    {
        // The data section is little-endian and we copy it as raw memory; a big-endian host would need byte swaps.
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Safetensors reading and writing needs a little-endian host.");
    }

    private static SafeTensorsFormatException Invalid(string source, string problem, Exception? inner = null) => new(source, problem, inner);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
