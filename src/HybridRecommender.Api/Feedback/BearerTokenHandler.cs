using System.Security.Claims;
using System.Text.Encodings.Web;
using HybridRecommender.Api.Endpoints;
using HybridRecommender.Core.Feedback;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HybridRecommender.Api.Feedback;

/// <summary>
/// <c>Authorization: Bearer …</c> → the admin (the configured admin key, compared in constant time)
/// or the user whose token it is (looked up by its SHA-256). Which user may touch which ratings is
/// decided by the endpoint (<see cref="FeedbackAccess"/>). Failure messages never quote the token.
/// A challenge is a 401 problem with <c>WWW-Authenticate: Bearer</c>; after too many failures from the
/// client's address or at the request's user id (<see cref="AuthFailureLimiter"/>) it is a 429 with Retry-After.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IFeedbackStore store, IOptions<FeedbackOptions> feedback, AuthFailureLimiter failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>AuthenticationProperties item: the 401's detail, for an endpoint that explains why it needs a token.</summary>
    public const string DetailItem = "detail";

    private const string LimitedItem = "hr.auth-failures-retry-after";
    private readonly byte[]? _adminHash = string.IsNullOrEmpty(feedback.Value.AdminKey) ? null : AccessTokens.Hash(feedback.Value.AdminKey);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        var address = "ip:" + Context.Connection.RemoteIpAddress;
        var target = TargetUserId();
        if (failures.RetryAfter(address, target) is { } wait)
        {
            Context.Items[LimitedItem] = wait;
            return AuthenticateResult.Fail("Too many failed authentications.");
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.AsSpan(7).Trim().IsEmpty)
        {
            failures.RecordFailure(address, target);
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <token>'.");
        }

        var hash = AccessTokens.Hash(header[7..].Trim());
        if (_adminHash is not null && AccessTokens.HashesEqual(hash, _adminHash))
            return Success([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, FeedbackClaims.AdminRole)]);

        var userId = await store.FindUserIdByTokenHashAsync(hash, Context.RequestAborted);
        if (userId is null)
        {
            failures.RecordFailure(address, target);
            return AuthenticateResult.Fail("The bearer token is not valid.");
        }
        var id = userId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Success([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, "user " + id),
            new Claim(FeedbackClaims.TokenHash, Convert.ToHexString(hash))]);
    }

    private AuthenticateResult Success(Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));

    // The user id a request is about: the {id} of /users/{id}/…, or ?user= of /recommend and /predict.
    private int? TargetUserId()
    {
        var raw = Request.RouteValues.TryGetValue("id", out var id) && Request.Path.StartsWithSegments("/users") ? id?.ToString()
            : Request.Query["user"].Count == 1 ? Request.Query["user"].ToString() : null;
        return int.TryParse(raw, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        if (Context.Items[LimitedItem] is TimeSpan wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await TypedResults.Problem(Problems.TooManyRequests(
                $"Too many failed authentications from this client or for this user: at most {failures.PerAddress} per client address and "
                + $"{failures.PerUser} per user id every {failures.Window.TotalSeconds:0} s. Retry after {seconds} s.")).ExecuteAsync(Context);
            return;
        }
        Response.Headers.WWWAuthenticate = failure is null
            ? "Bearer realm=\"HybridRecommender\""
            : "Bearer realm=\"HybridRecommender\", error=\"invalid_token\"";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
            Title = failure is null ? "Authentication required" : "Invalid credentials",
            Detail = (failure is null ? "This request needs 'Authorization: Bearer <token>'. " : failure.Message + " ")
                + (properties.Items.TryGetValue(DetailItem, out var why) && why is not null ? why + " " : "")
                + "Use the token POST /users returned for this user, or the admin key.",
        };
        await TypedResults.Problem(problem).ExecuteAsync(Context);
    }
}
