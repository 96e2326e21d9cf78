using System.Globalization;
using System.Text;
using CsvHelper;

namespace HybridRecommender.Core.Data;

/// <summary>
/// One MovieLens file read record by record through CsvHelper's span-based reader, with the file
/// name, line number and line text at hand for <see cref="DataFormatException"/>s.
/// </summary>
internal sealed class DataFileReader : IDisposable
{
    // ML-1M's "::" is two characters and CsvHelper separators are one ASCII character, so for the .dat
    // files CsvHelper only frames lines (and transcodes Latin-1 to UTF-8); DoubleColonFields splits them.
    // The unit separator never occurs in the data, so each line arrives as one field.
    private static readonly CsvReaderOptions DatOptions = new()
    {
        HasHeader = false,
        Mode = CsvMode.NoEscape,
        Separator = '\u001F',
        Encoding = Encoding.Latin1,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
    };

    private static readonly CsvReaderOptions CsvOptions = new()
    {
        HasHeader = true,
        Mode = CsvMode.Rfc4180,
        Separator = ',',
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        // A stray quote must be reported, not allowed to swallow the rest of the file into one title.
        AllowLineBreaksInQuotes = false,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    private readonly CsvReader _csv;

    private DataFileReader(string path, CsvReaderOptions options)
    {
        FilePath = path;
        _csv = CsvReader.FromFile(path, options, FileOptions.SequentialScan);
    }

    /// <summary>Opens an ML-1M ".dat" file ("::"-separated, Latin-1, no header).</summary>
    public static DataFileReader OpenDat(string path) => new(path, DatOptions);

    /// <summary>Opens a MovieLens CSV file (RFC 4180, UTF-8, header row).</summary>
    public static DataFileReader OpenCsv(string path) => new(path, CsvOptions);

    public string FilePath { get; }

    /// <summary>1-based line of the current record in the file (header counted).</summary>
    public long LineNumber => _csv.LineNumber;

    /// <summary>The current record as UTF-8 bytes, without the line break.</summary>
    public ReadOnlySpan<byte> RawRecord => _csv.RawRecord;

    public int FieldCount => _csv.FieldCount;

    /// <summary>Field i of a CSV record, unquoted, as UTF-8.</summary>
    public ReadOnlySpan<byte> Field(int index) => _csv.GetSpan(index);

    public IReadOnlyList<string> Headers
    {
        get
        {
            try { return _csv.Headers; }
            catch (CsvFormatException e) { throw FromCsvHelper(e); }
        }
    }

    public bool Read()
    {
        try { return _csv.Read(); }
        catch (CsvFormatException e) { throw FromCsvHelper(e); }
    }

    /// <summary>An exception about the current record.</summary>
    public DataFormatException Error(string problem) =>
        new(FilePath, LineNumber, Encoding.UTF8.GetString(RawRecord), problem);

    /// <summary>Text of a field for an error message.</summary>
    public static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    /// <summary>
    /// An exception about the record at a 0-based position, found by reading the file again: checks
    /// made after the fast pass (duplicate ratings) keep no line numbers. Error path only.
    /// </summary>
    public static DataFormatException ErrorAtRecord(string path, Func<string, DataFileReader> open, int position, string problem)
    {
        using var file = open(path);
        for (var i = 0; i <= position; i++)
            file.Read();
        return file.Error(problem);
    }

    public void Dispose() => _csv.Dispose();

    private DataFormatException FromCsvHelper(CsvFormatException e)
    {
        // CsvHelper stops before handing us the record, so take the text from the file itself;
        // this is the error path only.
        var line = e.LineNumber > 0 ? e.LineNumber : 0;
        var text = line > 0 ? File.ReadLines(FilePath).Skip((int)(line - 1)).FirstOrDefault() ?? "" : "";
        return new DataFormatException(FilePath, line, text, "malformed CSV (" + e.Message.TrimEnd('.') + ")");
    }
}
