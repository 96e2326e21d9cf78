namespace HybridRecommender.Core.Feedback;

/// <summary>
/// Where users created through the API and every rating given through it live: SQLite
/// (<see cref="SqliteFeedbackStore"/>, the embedded default) or PostgreSQL
/// (<see cref="PostgresFeedbackStore"/>, shared by several API replicas). Every write is committed
/// durably before the call returns; every read sees every write committed before it started.
/// </summary>
public interface IFeedbackStore : IAsyncDisposable
{
    /// <summary>Which database, for logs and errors; never holds a password.</summary>
    string Description { get; }

    /// <summary>
    /// Creates or upgrades the schema (versioned migrations, each applied once) and makes sure ids
    /// handed to new users are above <paramref name="maxReservedUserId"/> (the model's largest user id).
    /// </summary>
    Task InitialiseAsync(int maxReservedUserId, CancellationToken ct = default);

    /// <summary>The applied schema version.</summary>
    Task<int> SchemaVersionAsync(CancellationToken ct = default);

    /// <summary>Creates a user with a fresh id allocated by the database and the given token hash.</summary>
    Task<int> CreateUserAsync(byte[] tokenHash, CancellationToken ct = default);

    Task<FeedbackUser?> FindUserAsync(int userId, CancellationToken ct = default);

    /// <summary>The id of the user holding this token hash, or null.</summary>
    Task<int?> FindUserIdByTokenHashAsync(byte[] tokenHash, CancellationToken ct = default);

    /// <summary>Sets (inserts or replaces) a rating and bumps the user's version; creates a token-less user row for a model user on first write.</summary>
    Task SetRatingAsync(int userId, int movieId, float rating, CancellationToken ct = default);

    /// <summary>Removes a rating; true when there was one (the user's version is then bumped).</summary>
    Task<bool> DeleteRatingAsync(int userId, int movieId, CancellationToken ct = default);

    /// <summary>The user's current version only (0 without a row): the cheap check before reusing a cached fold-in.</summary>
    Task<long> VersionAsync(int userId, CancellationToken ct = default);

    /// <summary>The user's version and ratings in one consistent read.</summary>
    Task<UserRatingsSnapshot> RatingsAsync(int userId, CancellationToken ct = default);

    /// <summary>Every rating, ordered by user then movie id (the training program's input).</summary>
    Task<IReadOnlyList<FeedbackRating>> AllRatingsAsync(CancellationToken ct = default);

    /// <summary>
    /// Erases a user's data (the right to erasure): every rating, and the user row of a user created
    /// through the API (its token with it). A token-less row (a trained user the admin rated for) keeps
    /// only its id and a bumped version, so a replica's cached profile is never mistaken for a fresh one.
    /// True when the database held the user. Ids are never handed out again.
    /// </summary>
    Task<bool> DeleteUserAsync(int userId, CancellationToken ct = default);

    /// <summary>
    /// Replaces a user's token hash; the old token stops matching with this commit. With
    /// <paramref name="currentTokenHash"/> the swap happens only while that is still the stored hash (two
    /// concurrent rotations with one token: one wins). False when the user has no token (a trained user)
    /// or the current hash no longer matches.
    /// </summary>
    Task<bool> RotateTokenAsync(int userId, byte[] newTokenHash, byte[]? currentTokenHash, CancellationToken ct = default);
}
