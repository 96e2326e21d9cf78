namespace HybridRecommender.Api.Feedback;

/// <summary>
/// The <c>Feedback</c> configuration section (environment: <c>Feedback__Folder</c>,
/// <c>Feedback__ConnectionString</c>, <c>Feedback__AdminKey</c>, <c>Feedback__CommandTimeout</c>, <c>Feedback__RateLimit__…</c>).
/// </summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";
    public const int MinAdminKeyLength = 16;

    /// <summary>Folder of the SQLite database (feedback.db), created on first start; a relative path is resolved like Model:Path.</summary>
    public string Folder { get; set; } = "data";

    /// <summary>A PostgreSQL connection string; when set, it is used instead of SQLite (replicas share it).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The admin API key: may read and write any user's data, including the trained model's users. Unset: no admin. Set: at least <see cref="MinAdminKeyLength"/> characters, no surrounding whitespace (checked at start).</summary>
    public string? AdminKey { get; set; }

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>
    /// Seconds every database call may take, retries included (<c>Feedback:CommandTimeout</c>); past it the request
    /// gets 503 with Retry-After. Also the Retry-After value. Keep it a few seconds: a request waits this long at most.
    /// </summary>
    public double CommandTimeout { get; set; } = 5;

    /// <summary><see cref="CommandTimeout"/> as a span; a value that is not positive means the default.</summary>
    public TimeSpan Deadline => CommandTimeout > 0 ? TimeSpan.FromSeconds(CommandTimeout) : Core.Feedback.DatabaseCallOptions.DefaultDeadline;
}

/// <summary>Fixed windows per client: rating writes per authenticated user (or address), user creation per address, failed authentications per address and per user id.</summary>
public sealed class RateLimitOptions
{
    public int WindowSeconds { get; set; } = 60;
    /// <summary>PUT/DELETE of ratings per user (or the admin key) per window.</summary>
    public int Writes { get; set; } = 300;
    /// <summary>POST /users per client address per window.</summary>
    public int CreateUsers { get; set; } = 10;
    /// <summary>Failed authentications (bad token, bad admin key) per client address per window; then 429 until the window ends.</summary>
    public int AuthFailures { get; set; } = 20;
    /// <summary>Failed authentications naming one user id (from any address) per window; then 429 for that id until the window ends.</summary>
    public int AuthFailuresPerUser { get; set; } = 20;
}
