using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace HybridRecommender.Api.Hosting;

/// <summary>
/// X-Forwarded-For / X-Forwarded-Proto behind a reverse proxy: honoured only when the connection comes
/// from a configured proxy (<c>ForwardedHeaders:KnownProxies</c>, addresses; <c>ForwardedHeaders:KnownNetworks</c>,
/// CIDR ranges), so the per-address rate limits see each client rather than one bucket for the proxy,
/// and no client can pick its own address by sending the header. Nothing configured: the headers are
/// ignored (the framework's default would trust loopback).
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
            foreach (var p in proxies) o.KnownProxies.Add(IPAddress.Parse(p.Trim()));
            foreach (var n in networks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(n.Trim()));
        });
        return services;
    }
}
