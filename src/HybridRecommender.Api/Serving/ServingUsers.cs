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
/// While the database is unavailable, reads may degrade to what this server already has (read-your-writes
/// is then not kept; docs/OPERATIONS.md).
/// Fold-in (<see cref="UserFoldIn"/>): a new user's profile from their ratings alone; a trained user's
/// from their API ratings, starting from and pulled towards their trained row.
/// </summary>
public sealed class ServingUsers(RecommendationService service, IFeedbackStore store, FoldedInUsers folded, RecommenderMetrics metrics)
{
    // Scoped: one request's users are resolved against the model that request started with.
    private readonly ConcurrentDictionary<int, ServingUser> _cache = folded.For(service);

    public const string TrainedProfileNote =
        "Feedback is unavailable right now (the ratings database is not answering): this is computed from the user's trained profile, without ratings given through the API.";
    public const string CachedProfileNote =
        "Feedback is unavailable right now (the ratings database is not answering): this is computed from the last profile this server folded in for the user; newer ratings may be missing.";

    /// <summary>
    /// The user, or null when neither the model nor the database knows the id. With
    /// <paramref name="degradeWhenUnavailable"/>, a database that cannot be read does not fail the
    /// request when this server can still serve the user: from the profile it last folded in for them,
    /// else (a trained user) from the trained profile; <see cref="ServingUser.UnavailableNote"/> says which.
    /// Otherwise, and for an API user this server has no profile of, <see cref="FeedbackUnavailableException"/> propagates (503).
    /// </summary>
    public async Task<ServingUser?> ResolveAsync(int id, CancellationToken ct, bool degradeWhenUnavailable = false)
    {
        try
        {
            return await ResolveFromDatabaseAsync(id, ct);
        }
        catch (FeedbackUnavailableException) when (degradeWhenUnavailable && Stale(id) is { } stale)
        {
            return stale;
        }
    }

    private ServingUser? Stale(int id)
    {
        if (_cache.TryGetValue(id, out var cached)) return cached with { UnavailableNote = CachedProfileNote };
        var bundle = service.Bundle;
        if (!bundle.UserIds.TryGetIndex(id, out var row)) return null;
        return new ServingUser(id, row, bundle.Scorer.TrainedProfile(row), bundle.RatedByUser[row].Order().ToArray(),
            bundle.LikedByUser[row].Order().ToArray(), 0, 0, TrainedProfileNote);
    }

    private async Task<ServingUser?> ResolveFromDatabaseAsync(int id, CancellationToken ct)
    {
        var bundle = service.Bundle;
        int? modelIndex = bundle.UserIds.TryGetIndex(id, out var u) ? u : null;
        var version = await store.VersionAsync(id, ct);
        if (modelIndex is null && version == 0)
        {
            _cache.TryRemove(id, out _); // an erased user's ratings do not linger in memory
            return null;
        }
        if (_cache.TryGetValue(id, out var cached) && cached.Version == version) return cached;

        var snapshot = version == 0 ? UserRatingsSnapshot.None : await store.RatingsAsync(id, ct);
        var movies = new List<int>(snapshot.Ratings.Count);
        var values = new List<float>(snapshot.Ratings.Count);
        foreach (var r in snapshot.Ratings)
        {
            // A movie outside this model's catalogue (a rating written under another model) cannot move the profile.
            if (!service.MovieIds.TryGetIndex(r.MovieId, out var m)) continue;
            movies.Add(m);
            values.Add(r.Rating);
        }
        var prior = modelIndex is { } row ? bundle.Scorer.TrainedProfile(row) : null;
        // A user with no trained row: the fit moved towards the prior of the movies they rated (NewUserFoldIn).
        var profile = movies.Count == 0 ? prior
            : prior is not null ? service.FoldIn.Fit(movies.ToArray(), values.ToArray(), prior)
            : new NewUserFoldIn(service.FoldIn, bundle.FoldInPrior).Fit(movies.ToArray(), values.ToArray());
        if (movies.Count > 0) metrics.FoldedIn();
        var rated = modelIndex is { } mi ? bundle.RatedByUser[mi].Union(movies).Order().ToArray() : movies.Order().ToArray();
        // An API rating replaces the dataset's rating of the same movie, so it decides alone whether that movie is liked;
        // the API ratings' own mean sets their bar (the dataset's ratings are not in the bundle).
        var likedHere = LikedMovies.Of(movies, values);
        var liked = modelIndex is { } li ? bundle.LikedByUser[li].Except(movies).Union(likedHere).Order().ToArray() : likedHere;
        var user = new ServingUser(id, modelIndex, profile, rated, liked, snapshot.Ratings.Count, snapshot.Version);
        if (_cache.Count >= FoldedInUsers.Capacity) _cache.Clear();
        _cache[id] = user;
        return user;
    }
}
