using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static HybridRecommender.Tests.Api.PrivacyTestHost;

namespace HybridRecommender.Tests.Api;

/// <summary>Start-up refuses a weak admin key; forwarded headers count only from known proxies; a client's broken request is one warning line.</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class HostingConfigurationTests(TrainedBundleFixture fixture)
{
    [Theory]
    [InlineData("short-key", "is 9 characters long; it needs at least 16")]
    [InlineData(" a-long-enough-admin-key-0123", "whitespace at its start or end")]
    [InlineData("a-long-enough-admin-key-0123\n", "whitespace at its start or end")]
    [InlineData("                    ", "whitespace at its start or end")]
    public void A_weak_or_padded_admin_key_stops_the_host_with_one_line(string key, string expected)
    {
        var logs = new CapturingLoggerProvider();
        using var factory = Create(fixture, settings: new Dictionary<string, string> { ["Feedback:AdminKey"] = key },
            configure: b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));

        Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var critical = Assert.Single(logs.Entries, e => e.Level == LogLevel.Critical);
        Assert.Contains("Feedback:AdminKey", critical.Message, StringComparison.Ordinal);
        Assert.Contains(expected, critical.Message, StringComparison.Ordinal);
        if (key.Trim().Length > 0) Assert.DoesNotContain(key.Trim(), critical.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', critical.Message);
    }

    [Theory]
    [InlineData("10.1.2.3", true)]   // the connection comes from the configured proxy: each forwarded client has its own bucket
    [InlineData("10.1.2.4", false)]  // any other sender: the header is ignored, one bucket for the connection's address
    public async Task X_Forwarded_For_counts_only_from_a_known_proxy(string connectionAddress, bool honoured)
    {
        using var factory = Create(fixture, settings: new Dictionary<string, string>
        {
            ["Feedback:RateLimit:CreateUsers"] = "1",
            ["ForwardedHeaders:KnownProxies:0"] = "10.1.2.3",
        }, configure: b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new RemoteAddressFilter(connectionAddress))));
        var client = factory.CreateClient();

        var first = await CreateFromAsync(client, "198.51.100.1");
        var second = await CreateFromAsync(client, "198.51.100.2");

        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(honoured ? HttpStatusCode.Created : HttpStatusCode.TooManyRequests, second);
    }

    [Fact]
    public async Task Without_configured_proxies_even_loopback_cannot_choose_its_address()
    {
        using var factory = Create(fixture, settings: new Dictionary<string, string> { ["Feedback:RateLimit:CreateUsers"] = "1" },
            configure: b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new RemoteAddressFilter("127.0.0.1"))));
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.Created, await CreateFromAsync(client, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CreateFromAsync(client, "198.51.100.2"));
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "10.0.0.300", "KnownProxies holds '10.0.0.300'")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99", "KnownNetworks holds '10.0.0.0/99'")]
    public void A_proxy_setting_that_is_no_address_stops_the_host_with_one_line(string key, string value, string expected)
    {
        var logs = new CapturingLoggerProvider();
        using var factory = Create(fixture, settings: new Dictionary<string, string> { [key] = value },
            configure: b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));

        Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var critical = Assert.Single(logs.Entries, e => e.Level == LogLevel.Critical);
        Assert.Contains(expected, critical.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked\r\n\r\nZZ-not-a-chunk-size\r\n\r\n", "HTTP/1.1 400")]  // a bad chunk
    [InlineData("Content-Length: 100\r\n\r\n{\"rat", "HTTP/1.1 408")]                          // a stalled body (below the minimum data rate)
    public async Task A_broken_body_is_one_warning_line_without_a_stack_trace(string rest, string expected)
    {
        var logs = new CapturingLoggerProvider();
        using var factory = Create(fixture, configure: b => b
            .ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs))
            .ConfigureKestrel(o => o.Limits.MinRequestBodyDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(100, TimeSpan.FromSeconds(2))));
        factory.UseKestrel(0);
        factory.StartServer();
        var client = factory.CreateClient();
        var (id, token) = await CreateUserAsync(client);
        var port = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        var request = $"PUT /users/{id}/ratings/1000 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n"
            + "Content-Type: application/json\r\n" + rest;
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer);
        var response = Encoding.ASCII.GetString(buffer, 0, read);

        Assert.StartsWith(expected, response, StringComparison.Ordinal);
        var warnings = logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        var line = Assert.Single(warnings);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.DoesNotContain("   at ", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line.Message);
        Assert.DoesNotContain(token, line.Message, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> CreateFromAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/users");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return (await client.SendAsync(request)).StatusCode;
    }
}
