using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace HybridRecommender.Tests.Api;

/// <summary>Gives every request of a test host the connection address <paramref name="address"/> (the test server has none), before the app's own middleware.</summary>
public sealed class RemoteAddressFilter(string address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            return following(context);
        });
        next(app);
    };
}
