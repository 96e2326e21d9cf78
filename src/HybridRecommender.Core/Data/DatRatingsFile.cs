namespace HybridRecommender.Core.Data;

/// <summary>
/// ratings.dat (UserID::MovieID::Rating::Timestamp), read alike by the ML-1M and ML-10M layouts. They differ in two ways:
/// ML-1M rates in whole stars 1–5 and lists its users in users.dat, so a rating by an unknown user is an error; ML-10M rates
/// in half stars 0.5–5 and has no users.dat, so users are the distinct UserIDs in order of first appearance.
/// </summary>
internal static class DatRatingsFile
{
    public static RatingTable Read(string path, DenseIdMap movieIds, DenseIdMap userIds, bool halfStarsAndUnlistedUsers)
    {
        // About 24 (ML-1M) and 26 (ML-10M) bytes a line; a slight overestimate avoids regrowing the arrays.
        var table = new RatingTableBuilder((int)Math.Min(int.MaxValue / 2, new FileInfo(path).Length / (halfStarsAndUnlistedUsers ? 22 : 20)));
        Span<Range> f = stackalloc Range[4];
        using (var file = DataFileReader.OpenDat(path))
        {
            while (file.Read())
            {
                var line = file.RawRecord;
                var n = DoubleColonFields.Split(line, f);
                if (n != 4)
                    throw file.Error($"expected 4 fields UserID::MovieID::Rating::Timestamp, found {n}");
                if (!FieldParsing.TryParseId(line[f[0]], out var userId))
                    throw file.Error($"user id '{DataFileReader.Text(line[f[0]])}' is not a number");
                if (!FieldParsing.TryParseId(line[f[1]], out var movieId))
                    throw file.Error($"movie id '{DataFileReader.Text(line[f[1]])}' is not a number");
                float rating;
                if (halfStarsAndUnlistedUsers)
                {
                    if (!FieldParsing.TryParseDecimal(line[f[2]], out var stars))
                        throw file.Error($"rating '{DataFileReader.Text(line[f[2]])}' is not a number");
                    if (stars is < 0.5 or > 5 || Math.Floor(stars * 2) != stars * 2)
                        throw file.Error($"rating '{DataFileReader.Text(line[f[2]])}' is out of range 0.5–5 in half stars");
                    rating = (float)stars;
                }
                else
                {
                    if (!FieldParsing.TryParseId(line[f[2]], out var stars))
                        throw file.Error($"rating '{DataFileReader.Text(line[f[2]])}' is not a whole number");
                    if (stars is < 1 or > 5)
                        throw file.Error($"rating '{stars}' is out of range 1–5");
                    rating = stars;
                }
                if (!FieldParsing.TryParseTimestamp(line[f[3]], out var timestamp))
                    throw file.Error($"timestamp '{DataFileReader.Text(line[f[3]])}' is not a non-negative whole number of seconds");
                int u;
                if (halfStarsAndUnlistedUsers) userIds.TryAdd(userId, out u);
                else if (!userIds.TryGetIndex(userId, out u))
                    throw file.Error($"user {userId} is not in {MovieLens1MFiles.UsersFile}");
                if (!movieIds.TryGetIndex(movieId, out var m))
                    throw file.Error($"movie {movieId} is not in {MovieLens1MFiles.MoviesFile}");
                table.Add(u, m, rating, timestamp);
            }
        }
        var duplicate = table.FirstDuplicate(userIds.Count, movieIds.Count);
        if (duplicate >= 0)
            throw DataFileReader.ErrorAtRecord(path, DataFileReader.OpenDat, duplicate, table.DuplicateProblem(duplicate, userIds.Ids, movieIds.Ids));
        return table.Build();
    }
}
