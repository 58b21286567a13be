using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace MfaMonolith.Host.Platform;

/// <summary>
/// Behind a load balancer every request comes from the balancer's address: the per-IP rate limits would count all
/// clients together and the audit log would name the balancer. Trusted proxies, and only they, may tell the client's
/// address (<c>X-Forwarded-For</c>) and scheme (<c>X-Forwarded-Proto</c>); nothing is trusted unless configured.
/// </summary>
internal static class ReverseProxy
{
    private const string Section = "Mfa:ReverseProxy";

    public static IServiceCollection AddReverseProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [];
        var hops = configuration.GetValue($"{Section}:ForwardLimit", 1);
        var knownProxies = proxies.Select(p => IPAddress.TryParse(p, out var address)
            ? address
            : throw new InvalidOperationException($"{Section}:KnownProxies: '{p}' is not an IP address.")).ToList();
        var knownNetworks = networks.Select(n => System.Net.IPNetwork.TryParse(n, out var network)
            ? network
            : throw new InvalidOperationException($"{Section}:KnownNetworks: '{n}' is not a network in CIDR notation (e.g. 10.0.0.0/8).")).ToList();
        if (hops < 1)
            throw new InvalidOperationException($"{Section}:ForwardLimit must be at least 1.");

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = hops;
            // The framework trusts loopback by default; here only what the operator names is trusted.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            knownProxies.ForEach(options.KnownProxies.Add);
            knownNetworks.ForEach(options.KnownIPNetworks.Add);
        });
        services.AddSingleton(new ReverseProxyTrust(knownProxies.Count + knownNetworks.Count > 0));
        return services;
    }

    /// <summary>First in the pipeline, so rate limits, HTTPS decisions and the audit log all see the client's address.</summary>
    public static void UseReverseProxySupport(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ReverseProxyTrust>().Configured)
            app.UseForwardedHeaders();
    }

    private sealed record ReverseProxyTrust(bool Configured);
}
