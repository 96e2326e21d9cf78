using Microsoft.Playwright;

namespace HybridRecommender.Tests.Web;

/// <summary>One browser context and page, recording what a person never wants to see: console errors and uncaught page errors.</summary>
public sealed class PageSession : IAsyncDisposable
{
    private readonly List<string> _errors = [];
    private readonly List<(string Url, int Status)> _responses = [];
    private readonly List<string> _failedRequests = [];

    public PageSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning") lock (_errors) _errors.Add($"console.{message.Type}: {message.Text} at {message.Location}");
        };
        page.PageError += (_, error) => { lock (_errors) _errors.Add($"page error: {error}"); };
        page.Response += (_, response) => { lock (_responses) _responses.Add((response.Url, response.Status)); };
        page.RequestFailed += (_, request) => { lock (_failedRequests) _failedRequests.Add($"{request.Method} {request.Url}: {request.Failure}"); };
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    public IReadOnlyList<(string Url, int Status)> Responses { get { lock (_responses) return [.. _responses]; } }

    /// <summary>Opens a path and waits until the page has rendered its first answers.</summary>
    public async Task GotoAsync(string path = "/")
    {
        await Page.GotoAsync(path);
        await Page.WaitForSelectorAsync("html[data-state=ready]");
    }

    /// <summary>
    /// Fails on any console error or warning, page error or failed request. <paramref name="expectedHttpErrors"/>
    /// names URL parts whose HTTP errors the test provoked on purpose: Chromium logs "Failed to load resource"
    /// for every 4xx/5xx fetch, and only those lines are let through.
    /// </summary>
    public void AssertNoErrors(params string[] expectedHttpErrors)
    {
        List<string> errors;
        lock (_errors) errors = [.. _errors];
        var unexpected = errors.Where(e => !(e.Contains("Failed to load resource: the server responded with a status of ", StringComparison.Ordinal)
            && expectedHttpErrors.Any(part => e.Contains(part, StringComparison.Ordinal)))).ToList();
        lock (_failedRequests) unexpected.AddRange(_failedRequests);
        Assert.True(unexpected.Count == 0, "Console or page errors:\n" + string.Join("\n", unexpected));
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
