using Microsoft.AspNetCore.Diagnostics;

namespace HybridRecommender.Api.Http;

/// <summary>
/// A request the client broke (a stalled or oversized body, a bad chunk, malformed framing: Kestrel's
/// <see cref="BadHttpRequestException"/>) is the client's error, not the server's: one warning line
/// without a stack trace, instead of the exception handler's error with one. The response is still
/// written by the exception handler (its 4xx problem); this only logs.
/// </summary>
public sealed class ClientErrorLogging(ILogger<ClientErrorLogging> logger) : IExceptionHandler
{
    public static bool IsClientError(Exception e) => e is BadHttpRequestException;

    public ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is BadHttpRequestException bad)
            logger.LogWarning("Client error {Status} on {Method} {Path}: {Reason}", bad.StatusCode, context.Request.Method, context.Request.Path, bad.Message);
        return ValueTask.FromResult(false);
    }
}
