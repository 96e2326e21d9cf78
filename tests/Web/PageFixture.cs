using System.Net;
using HybridRecommender.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HybridRecommender.Tests.Web;

/// <summary>
/// The API on the committed model served by a real Kestrel on a loopback port, and one headless Debian
/// Chromium driven by Playwright. Playwright's own browser download cannot work offline, so it launches
/// /usr/bin/chromium; its node driver comes in the NuGet package and is copied to the test output.
/// </summary>
public sealed class PageFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? SkipReason =>
        !File.Exists(ChromiumPath) ? $"Debian's Chromium is not installed at {ChromiumPath} (apt-get install chromium; .ci/run does it)."
        : CommittedBundle.Directory is null ? "No committed model: model/card.json is absent at the repository root."
        : null;

    private WebApplicationFactory<Program>? _factory;
    // The visitors' feedback database (SQLite) lives in a temporary folder, removed afterwards.
    private readonly string _feedbackFolder = Path.Combine(Path.GetTempPath(), "hr-page-tests-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Where the screenshot test writes its PNGs (the test output folder).</summary>
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (SkipReason is not null) return; // the tests are skipped; start nothing
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Model:Path", CommittedBundle.Directory)
            .UseSetting("Feedback:Folder", _feedbackFolder));
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.Single());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
        });
    }

    /// <summary>A fresh browser context (own storage) with a page whose console errors and page errors are collected.</summary>
    public async Task<PageSession> OpenAsync(int width = 1366, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ReducedMotion = ReducedMotion.Reduce,
        });
        context.SetDefaultTimeout(15_000);
        return new PageSession(context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        try { if (Directory.Exists(_feedbackFolder)) Directory.Delete(_feedbackFolder, recursive: true); }
        catch (IOException) { /* best effort: temp folder */ }
    }
}

// Alone, after the parallel collections: a person's page is timed by the browser's waits, and on 2 cores the
// CPU-bound evaluation tests running beside it once delayed the new-visitor grid past the 5-s wait (CI, 1 of 510).
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PageCollection : ICollectionFixture<PageFixture>
{
    public const string Name = "Web page in Chromium";
}
