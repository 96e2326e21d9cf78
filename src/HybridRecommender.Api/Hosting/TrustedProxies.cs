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

    /// <summary>
    /// Adds the forwarded-headers middleware for the configured proxies (call it first). An entry that is not an
    /// address or a CIDR range logs one critical line naming it and returns false: the host exits.
    /// </summary>
    public static bool TryUseTrustedProxies(this WebApplication app)
    {
        var section = app.Configuration.GetSection(Section);
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // the deprecated list still holds 127.0.0.0/8 by default, and the middleware still reads it
        options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
        foreach (var entry in section.GetSection("KnownProxies").Get<string[]>() ?? [])
        {
            if (!IPAddress.TryParse(entry.Trim(), out var address)) return Refuse(app, "KnownProxies", entry, "an IP address such as 10.0.0.5");
            options.KnownProxies.Add(address);
        }
        foreach (var entry in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
        {
            if (!System.Net.IPNetwork.TryParse(entry.Trim(), out var network)) return Refuse(app, "KnownNetworks", entry, "a CIDR range such as 10.0.0.0/24");
            options.KnownIPNetworks.Add(network);
        }
        if (options.KnownProxies.Count > 0 || options.KnownIPNetworks.Count > 0) app.UseForwardedHeaders(options);
        return true;
    }

    private static bool Refuse(WebApplication app, string list, string entry, string valid)
    {
        app.Logger.LogCritical("Cannot start: {Section}:{List} holds '{Entry}', which is not {Valid}.", Section, list, entry, valid);
        return false;
    }
}
