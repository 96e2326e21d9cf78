using System.Buffers.Binary;

namespace HybridRecommender.Core.Bundle;

/// <summary>
/// model/rated.bin: for each user index, the sorted movie indices the user rated (all splits), so
/// recommendations exclude them. No rating values are stored. Layout (little-endian):
/// "HRRATED1" | int32 users | int32 movies | int32 offsets[users + 1] | uint16 or int32 movie indices
/// (uint16 when movies ≤ 65,536).
/// </summary>
public static class RatedMoviesFile
{
    private static readonly byte[] Magic = "HRRATED1"u8.ToArray();

    public static void Write(string path, int[][] ratedByUser, int movieCount)
    {
        var wide = movieCount > 65536;
        var total = ratedByUser.Sum(r => (long)r.Length);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(ratedByUser.Length);
            w.Write(movieCount);
            long offset = 0;
            w.Write(0);
            foreach (var r in ratedByUser) { offset += r.Length; w.Write(checked((int)offset)); }
            foreach (var r in ratedByUser)
                foreach (var m in r.Order())
                    if (wide) w.Write(m); else w.Write((ushort)m);
        }
        var bytes = ms.ToArray();
        IO.AtomicFile.Write(path, s => s.Write(bytes));
        _ = total;
    }

    public static int[][] Read(string path, int expectedUsers, int expectedMovies)
    {
        var bytes = File.ReadAllBytes(path);
        var name = Path.GetFileName(path);
        if (bytes.Length < 16 || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            throw new Model.ModelFormatException($"{name} is not a rated-movies file (bad header); retrain with `dotnet run --project training`.");
        var users = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        var movies = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        if (users != expectedUsers || movies != expectedMovies)
            throw new Model.ModelFormatException($"{name} is for {users} users × {movies} movies but the model card lists {expectedUsers} × {expectedMovies}.");
        var wide = movies > 65536;
        var offsetsAt = 16;
        var dataAt = offsetsAt + 4 * (users + 1);
        if (bytes.Length < dataAt) throw new Model.ModelFormatException($"{name} is truncated.");
        var total = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offsetsAt + 4 * users));
        if (total < 0 || bytes.Length != dataAt + (long)total * (wide ? 4 : 2))
            throw new Model.ModelFormatException($"{name} is truncated or has trailing bytes ({bytes.Length} bytes for {total} entries).");
        var result = new int[users][];
        var prev = 0;
        for (var u = 0; u < users; u++)
        {
            var end = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offsetsAt + 4 * (u + 1)));
            if (end < prev || end > total) throw new Model.ModelFormatException($"{name}: offsets are not increasing at user index {u}.");
            var row = new int[end - prev];
            for (var k = 0; k < row.Length; k++)
            {
                var at = dataAt + (prev + k) * (wide ? 4 : 2);
                var m = wide ? BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));
                if (m < 0 || m >= movies) throw new Model.ModelFormatException($"{name}: movie index {m} out of range for user index {u}.");
                row[k] = m;
            }
            result[u] = row;
            prev = end;
        }
        return result;
    }
}
