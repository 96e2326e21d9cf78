namespace HybridRecommender.Core.Data;

/// <summary>
/// A MovieLens file has a line that cannot be read. The message names the file, the 1-based line and
/// quotes the line, so the user can find and fix it without a debugger.
/// </summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string filePath, long lineNumber, string lineText, string problem)
        : base($"{Path.GetFileName(filePath)} line {lineNumber}: {problem}: \"{lineText}\"")
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        LineText = lineText;
        Problem = problem;
    }

    /// <summary>The file with the bad line.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number in the file, header included.</summary>
    public long LineNumber { get; }

    /// <summary>The text of the line (without its line break).</summary>
    public string LineText { get; }

    /// <summary>What is wrong, without the location (e.g. "rating '7' is out of range 1–5").</summary>
    public string Problem { get; }
}
