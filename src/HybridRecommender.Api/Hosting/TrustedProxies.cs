using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace HybridRecommender.Api.Hosting;

/// <summary>
/// X-Forwarded-For / X-Forwarded-Proto behind a reverse proxy: honoured only when the connection comes
/// from a configured proxy (<c>ForwardedHeaders:KnownProxies</c>, addresses; <c>ForwardedHeaders:KnownNetworks</c>,
/// CIDR ranges), so the per-address rate limits see each client rather than one bucket for the proxy,
/// and no client can pick its own address by sending the header. Nothing configured: the middleware is
/// not added at all, because with both lists empty it would trust every sender.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // the deprecated list still holds 127.0.0.0/8 by default, and the middleware still reads it
            o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var p in proxies) o.KnownProxies.Add(IPAddress.Parse(p.Trim()));
            foreach (var n in networks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(n.Trim()));
        });
        return services;
    }

    /// <summary>Adds the forwarded-headers middleware when at least one proxy or network is configured.</summary>
    public static void UseTrustedProxies(this WebApplication app)
    {
        var o = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;
        if (o.KnownProxies.Count > 0 || o.KnownIPNetworks.Count > 0) app.UseForwardedHeaders();
    }
}
