using System.Buffers.Binary;
using System.Collections;
using System.Text;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Tests.Model;

public sealed class SafeTensorsFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("safetensors-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Round_trip_keeps_names_shapes_values_and_metadata()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["user_embedding.weight"] = new([3, 4], Enumerable.Range(0, 12).Select(i => i * 0.25f - 1f).ToArray()),
            ["fc1.weight"] = new([2, 3], [1.5f, -0f, float.Epsilon, float.MaxValue, float.MinValue, 3.14159f]),
            ["fc1.bias"] = new([2], [float.PositiveInfinity, float.NaN]),
            ["scalar"] = new([], [42f]),
            ["empty"] = new([0, 5], []),
        };
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "épocas \"20\" <ok>" };
        var path = Path.Combine(_folder, "model.safetensors");

        SafeTensorsFile.Write(path, tensors, metadata);
        var content = SafeTensorsFile.Read(path);

        Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), content.Tensors.Keys);
        foreach (var (name, expected) in tensors)
        {
            Assert.Equal(expected.Shape, content.Tensors[name].Shape);
            // Bitwise comparison, so NaN and -0 must survive too.
            Assert.Equal(expected.Data.Select(BitConverter.SingleToInt32Bits), content.Tensors[name].Data.Select(BitConverter.SingleToInt32Bits));
        }
        Assert.Equal(metadata.OrderBy(m => m.Key), content.Metadata.OrderBy(m => m.Key));
    }

    [Fact]
    public void Bytes_match_the_format_built_by_hand()
    {
        // Inserted out of order: the file must list tensors sorted by name.
        var tensors = new Dictionary<string, Tensor>
        {
            ["b"] = new([2], [1.0f, -2.0f]),
            ["a"] = new([1, 1], [0.5f]),
        };
        using var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, tensors, new Dictionary<string, string> { ["format"] = "pt" });

        const string json = """{"a":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]},"__metadata__":{"format":"pt"}}""";
        Assert.Equal(141, json.Length);
        var expected = new List<byte> { 144, 0, 0, 0, 0, 0, 0, 0 }; // 141 bytes of JSON + 3 spaces: 8 + 144 = 152 is 8-aligned
        expected.AddRange(Encoding.ASCII.GetBytes(json));
        expected.AddRange("   "u8.ToArray());
        expected.AddRange(new byte[] { 0x00, 0x00, 0x00, 0x3F }); // a: 0.5f
        expected.AddRange(new byte[] { 0x00, 0x00, 0x80, 0x3F }); // b: 1.0f
        expected.AddRange(new byte[] { 0x00, 0x00, 0x00, 0xC0 }); // b: -2.0f

        Assert.Equal(expected.ToArray(), stream.ToArray());
    }

    [Fact]
    public void Reads_a_header_written_in_another_writer_style()
    {
        // Metadata first, whitespace, keys in another order, no padding: all legal for other writers.
        var file = BuildFile("""{ "__metadata__" : { "format" : "pt" }, "w" : { "data_offsets" : [0, 8], "shape" : [2], "dtype" : "F32" } }""",
            [0x00, 0x00, 0x40, 0x40, 0x00, 0x00, 0x80, 0xBF], pad: false);

        var content = SafeTensorsFile.Read(file, "inline");

        Assert.Equal([3f, -1f], content.Tensors["w"].Data);
        Assert.Equal("pt", content.Metadata["format"]);
    }

    [Fact]
    public void Writing_the_same_tensors_twice_gives_identical_bytes()
    {
        var a = new Dictionary<string, Tensor> { ["x"] = new([2], [1f, 2f]), ["y"] = new([1], [3f]) };
        var b = new Dictionary<string, Tensor> { ["y"] = a["y"], ["x"] = a["x"] };
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        SafeTensorsFile.Write(first, a, new Dictionary<string, string> { ["k1"] = "1", ["k2"] = "2" });
        SafeTensorsFile.Write(second, b, new Dictionary<string, string> { ["k2"] = "2", ["k1"] = "1" });
        Assert.Equal(first.ToArray(), second.ToArray());
    }

    public static TheoryData<string, byte[], string> CorruptFiles => new()
    {
        { "shorter than 8 bytes", [1, 2, 3], "shorter than" },
        { "header longer than file", LengthPrefix(50).Concat("{}"u8.ToArray()).ToArray(), "runs past the end" },
        { "absurd header length", LengthPrefix(200L * 1024 * 1024).Concat(new byte[16]).ToArray(), "over the" },
        { "header not JSON", BuildFile("{not json", []), "not valid JSON" },
        { "header not an object", BuildFile("[1, 2]", []), "must be a JSON object" },
        { "entry not an object", BuildFile("""{"w": 3}""", []), "must be an object" },
        { "missing dtype", BuildFile("""{"w":{"shape":[1],"data_offsets":[0,4]}}""", new byte[4]), "has no 'dtype'" },
        { "missing shape", BuildFile("""{"w":{"dtype":"F32","data_offsets":[0,4]}}""", new byte[4]), "has no 'shape'" },
        { "missing offsets", BuildFile("""{"w":{"dtype":"F32","shape":[1]}}""", new byte[4]), "has no 'data_offsets'" },
        { "unsupported dtype", BuildFile("""{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}""", new byte[4]), "only F32" },
        { "negative dimension", BuildFile("""{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", new byte[4]), "negative dimension" },
        { "fractional dimension", BuildFile("""{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}""", new byte[4]), "not an integer" },
        { "offsets past data", BuildFile("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", new byte[4]), "outside" },
        { "offsets reversed", BuildFile("""{"w":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}""", new byte[4]), "outside" },
        { "offsets not a pair", BuildFile("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}}""", new byte[4]), "[begin, end]" },
        { "offsets not matching shape", BuildFile("""{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}""", new byte[12]), "span 12 bytes" },
        { "overlapping tensors", BuildFile("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", new byte[12]), "overlaps" },
        { "gap between tensors", BuildFile("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", new byte[12]), "gap of 4 bytes" },
        { "gap before first tensor", BuildFile("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", new byte[8]), "unused bytes" },
        { "trailing bytes", BuildFile("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", new byte[6]), "2 trailing bytes" },
        { "duplicate names", BuildFile("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", new byte[8]), "more than once" },
        { "metadata value not a string", BuildFile("""{"__metadata__":{"epochs":20}}""", []), "must be a string" },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Corrupt_file_is_rejected_with_the_file_name_and_the_problem(string caseName, byte[] bytes, string expectedProblem)
    {
        var path = Path.Combine(_folder, $"corrupt-{caseName.Replace(' ', '-')}.safetensors");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Read(path));

        Assert.Contains(Path.GetFileName(path), error.Message);
        Assert.Contains(expectedProblem, error.Message);
    }

    [Fact]
    public void Atomic_write_replaces_the_old_file_and_leaves_no_temp_file()
    {
        var path = Path.Combine(_folder, "model.safetensors");
        SafeTensorsFile.Write(path, new Dictionary<string, Tensor> { ["w"] = new([1], [1f]) });
        SafeTensorsFile.Write(path, new Dictionary<string, Tensor> { ["w"] = new([1], [2f]) });

        Assert.Equal([2f], SafeTensorsFile.Read(path).Tensors["w"].Data);
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void Failed_write_keeps_the_old_file_and_removes_the_temp_file()
    {
        var path = Path.Combine(_folder, "model.safetensors");
        SafeTensorsFile.Write(path, new Dictionary<string, Tensor> { ["w"] = new([1], [1f]) });
        var before = File.ReadAllBytes(path);

        Assert.Throws<InvalidOperationException>(() => SafeTensorsFile.Write(path, new ThrowingDictionary()));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void Reserved_metadata_name_cannot_be_a_tensor()
    {
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentException>(() =>
            SafeTensorsFile.Write(stream, new Dictionary<string, Tensor> { ["__metadata__"] = new([1], [1f]) }));
    }

    private static byte[] LengthPrefix(long headerLength)
    {
        var prefix = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(prefix, headerLength);
        return prefix;
    }

    private static byte[] BuildFile(string headerJson, byte[] data, bool pad = true)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var padding = pad ? (8 - header.Length % 8) % 8 : 0;
        return [.. LengthPrefix(header.Length + padding), .. header, .. Enumerable.Repeat((byte)' ', padding), .. data];
    }

    /// <summary>Yields one tensor, then throws: a failure after the temp file is already being written.</summary>
    private sealed class ThrowingDictionary : IReadOnlyDictionary<string, Tensor>
    {
        public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator()
        {
            yield return new("a", new Tensor([1], [1f]));
            throw new InvalidOperationException("enumeration failed midway");
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        public int Count => 2;
        public IEnumerable<string> Keys => this.Select(p => p.Key);
        public IEnumerable<Tensor> Values => this.Select(p => p.Value);
        public Tensor this[string key] => throw new KeyNotFoundException(key);
        public bool ContainsKey(string key) => false;
        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Tensor value) { value = null; return false; }
    }
}
