using System.Globalization;

namespace HybridRecommender.Core.Data;

/// <summary>Number parsing straight from UTF-8 fields, strict: digits only, no sign, no spaces.</summary>
internal static class FieldParsing
{
    public static bool TryParseId(ReadOnlySpan<byte> utf8, out int value) =>
        int.TryParse(utf8, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>Unix seconds; non-negative (the shared ML-1M copy uses 0 for unknown times).</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> utf8, out long value) =>
        long.TryParse(utf8, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryParseDecimal(ReadOnlySpan<byte> utf8, out double value) =>
        double.TryParse(utf8, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
}
