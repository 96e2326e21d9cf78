using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Http;

/// <summary>Bodies for the errors the framework raises without one (no endpoint, wrong method).</summary>
public static class FrameworkProblems
{
    public static Task WriteAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var problem = new ProblemDetails { Status = status };
        if (status == StatusCodes.Status405MethodNotAllowed) AddHeadToAllow(context.Response.Headers);
        if (status is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
        {
            // Quote the path, not the query: the query is the client's and can be long.
            var path = Endpoints.QueryParameters.Echo(context.Request.Path.ToString());
            problem.Detail = status == StatusCodes.Status404NotFound
                ? $"No endpoint at '{path}'. The endpoints are listed at /swagger."
                : $"'{path}' does not answer {Endpoints.QueryParameters.Echo(context.Request.Method)}; it answers {context.Response.Headers.Allow}. The endpoints are listed at /swagger.";
        }
        else if (status == StatusCodes.Status415UnsupportedMediaType)
        {
            problem.Detail = $"'{Endpoints.QueryParameters.Echo(context.Request.Path.ToString())}' takes a JSON body: send 'Content-Type: application/json'.";
        }
        // ProblemHttpResult writes application/problem+json even when content negotiation would refuse it.
        return TypedResults.Problem(problem).ExecuteAsync(context);
    }

    // Every GET route answers HEAD too (Program.cs serves HEAD as GET), so the 405's Allow must say so (RFC 9110 §15.5.6).
    private static void AddHeadToAllow(IHeaderDictionary headers)
    {
        var methods = headers.Allow.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (methods.Contains(HttpMethods.Get) && !methods.Contains(HttpMethods.Head)) methods.Insert(methods.IndexOf(HttpMethods.Get) + 1, HttpMethods.Head);
        headers.Allow = string.Join(", ", methods);
    }
}
