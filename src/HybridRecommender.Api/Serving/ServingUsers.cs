using System.Collections.Concurrent;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Feedback;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// Resolves a user id to a <see cref="ServingUser"/> with read-your-writes, across replicas: every
/// resolution asks the database for the user's version (one indexed point read), and a profile is
/// reused only while that version is unchanged. Any write through any replica bumps the version in
/// the same transaction as the rating, so the next read anywhere refits from the database's ratings.
/// Fold-in (<see cref="UserFoldIn"/>): a new user's profile from their ratings alone; a trained user's
/// from their API ratings, starting from and pulled towards their trained row.
/// </summary>
public sealed class ServingUsers(RecommendationService service, IFeedbackStore store)
{
    /// <summary>Cached profiles kept at most; the cache is emptied when it grows past this (profiles are cheap to refit).</summary>
    public const int CacheCapacity = 50_000;

    private readonly ConcurrentDictionary<int, ServingUser> _cache = new();
    private readonly UserFoldIn _foldIn = new(service.Bundle.Scorer);

    /// <summary>The user, or null when neither the model nor the database knows the id.</summary>
    public async Task<ServingUser?> ResolveAsync(int id, CancellationToken ct)
    {
        var bundle = service.Bundle;
        int? modelIndex = bundle.UserIds.TryGetIndex(id, out var u) ? u : null;
        var version = await store.VersionAsync(id, ct);
        if (modelIndex is null && version == 0) return null;
        if (_cache.TryGetValue(id, out var cached) && cached.Version == version) return cached;

        var snapshot = version == 0 ? UserRatingsSnapshot.None : await store.RatingsAsync(id, ct);
        var movies = new List<int>(snapshot.Ratings.Count);
        var values = new List<float>(snapshot.Ratings.Count);
        foreach (var r in snapshot.Ratings)
        {
            // A movie outside this model's catalogue (a rating written under another model) cannot move the profile.
            if (!bundle.MovieIds.TryGetIndex(r.MovieId, out var m)) continue;
            movies.Add(m);
            values.Add(r.Rating);
        }
        var prior = modelIndex is { } row ? bundle.Scorer.TrainedProfile(row) : null;
        var profile = movies.Count == 0 ? prior : _foldIn.Fit(movies.ToArray(), values.ToArray(), prior);
        var rated = modelIndex is { } mi ? bundle.RatedByUser[mi].Union(movies).Order().ToArray() : movies.Order().ToArray();
        // An API rating replaces the dataset's rating of the same movie, so it decides alone whether that movie is liked;
        // the API ratings' own mean sets their bar (the dataset's ratings are not in the bundle).
        var likedHere = LikedMovies.Of(movies, values);
        var liked = modelIndex is { } li ? bundle.LikedByUser[li].Except(movies).Union(likedHere).Order().ToArray() : likedHere;
        var user = new ServingUser(id, modelIndex, profile, rated, liked, snapshot.Ratings.Count, snapshot.Version);
        if (_cache.Count >= CacheCapacity) _cache.Clear();
        _cache[id] = user;
        return user;
    }
}
