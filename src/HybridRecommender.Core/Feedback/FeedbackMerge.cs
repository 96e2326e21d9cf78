using HybridRecommender.Core.Data;

namespace HybridRecommender.Core.Feedback;

/// <summary>What <see cref="FeedbackMerge.Apply"/> did.</summary>
/// <param name="Used">Feedback ratings in the merged data (added or overriding).</param>
/// <param name="Overrides">Of those, how many replaced a rating the dataset already had for the same (user, movie).</param>
/// <param name="NewUsers">Users the dataset did not have, appended as new rows.</param>
/// <param name="SkippedUnknownMovie">Feedback ratings of movies not in the dataset's catalogue (left out).</param>
/// <param name="SkippedOffScale">Feedback ratings outside the dataset's rating scale (left out).</param>
/// <param name="AddedMovies">Movies added with POST /movies (not retired) appended to the catalogue as ordinary movies.</param>
/// <param name="SkippedRetired">Feedback ratings of retired added movies (left out, as the movies are).</param>
public sealed record FeedbackMergeSummary(int Used, int Overrides, int NewUsers, int SkippedUnknownMovie, int SkippedOffScale,
    int AddedMovies = 0, int SkippedRetired = 0);

/// <summary>
/// Merges the feedback database's ratings into a MovieLens dataset, for training on both. Rules:
/// a user the dataset lacks becomes a new user row (appended in id order, after the dataset's users);
/// a feedback rating for a (user, movie) the dataset already rates replaces that rating in place (the
/// user's latest word wins; the split, which hashes (user id, movie id), keeps it in the same part);
/// other feedback ratings are appended. Movies added with POST /movies become ordinary catalogue movies (appended in id
/// order; their ids are above the dataset's), so their ratings train their rows like any other; retired ones are left out
/// with their ratings — they are never recommended, and serving keeps answering for them from their content and ratings.
/// Movies outside the catalogue and values off the dataset's scale are left out and counted. <see cref="Apply"/> also
/// returns which rows hold feedback.
/// </summary>
public static class FeedbackMerge
{
    public static (MovieLensDataset Data, FeedbackMergeSummary Summary, bool[] IsFeedback) Apply(
        MovieLensDataset data, IReadOnlyList<FeedbackRating> feedback, float minRating, float maxRating, IReadOnlyList<AddedMovie>? added = null)
    {
        added ??= [];
        var appended = added.Where(a => !a.Retired && !data.MovieIds.Contains(a.Id)).OrderBy(a => a.Id)
            .Select(a => new Movie(a.Id, a.Title, a.Year, a.Genres.Where(data.Genres.Names.Contains).ToArray())).ToArray();
        var retired = added.Where(a => a.Retired && !data.MovieIds.Contains(a.Id)).Select(a => a.Id).ToHashSet();
        if (appended.Length > 0)
            data = new MovieLensDataset(data.Layout, [.. data.Movies, .. appended], data.Users, data.Genres, data.Ratings);
        var r = data.Ratings;
        var users = data.Users.ToList();
        var userIds = data.UserIds;
        var newUserIndex = new Dictionary<int, int>();
        foreach (var id in feedback.Select(f => f.UserId).Where(id => !userIds.Contains(id)).Distinct().Order())
        {
            newUserIndex[id] = users.Count;
            users.Add(new User(id));
        }

        // Existing (user, movie) → row, only for the users feedback touches.
        var touched = feedback.Select(f => f.UserId).ToHashSet();
        var rowOf = new Dictionary<(int, int), int>();
        for (var i = 0; i < r.Count; i++)
        {
            var uid = userIds.IdAt(r.UserIndex[i]);
            if (touched.Contains(uid)) rowOf[(r.UserIndex[i], r.MovieIndex[i])] = i;
        }

        var u = r.UserIndex.ToList();
        var m = r.MovieIndex.ToList();
        var v = r.Rating.ToList();
        var t = r.Timestamp.ToList();
        var isFeedback = new List<bool>(new bool[r.Count]);
        int used = 0, overrides = 0, unknownMovie = 0, offScale = 0, skippedRetired = 0;
        foreach (var f in feedback)
        {
            if (retired.Contains(f.MovieId)) { skippedRetired++; continue; }
            if (!data.MovieIds.TryGetIndex(f.MovieId, out var movie)) { unknownMovie++; continue; }
            if (!float.IsFinite(f.Rating) || f.Rating < minRating || f.Rating > maxRating) { offScale++; continue; }
            var user = userIds.TryGetIndex(f.UserId, out var existing) ? existing : newUserIndex[f.UserId];
            var seconds = f.UpdatedAtMs / 1000;
            used++;
            if (rowOf.TryGetValue((user, movie), out var row))
            {
                overrides++;
                v[row] = f.Rating;
                t[row] = seconds;
                isFeedback[row] = true;
                continue;
            }
            rowOf[(user, movie)] = u.Count;
            u.Add(user);
            m.Add(movie);
            v.Add(f.Rating);
            t.Add(seconds);
            isFeedback.Add(true);
        }
        var merged = new MovieLensDataset(data.Layout, data.Movies, users, data.Genres,
            new RatingTable(u.ToArray(), m.ToArray(), v.ToArray(), t.ToArray()));
        return (merged, new FeedbackMergeSummary(used, overrides, newUserIndex.Count, unknownMovie, offScale, appended.Length, skippedRetired), isFeedback.ToArray());
    }
}
