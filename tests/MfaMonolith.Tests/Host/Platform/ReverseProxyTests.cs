using System.Net;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Host.Platform;

/// <summary>Behind a load balancer: a trusted proxy's X-Forwarded-For names the client; anyone else's is ignored.</summary>
public sealed class ReverseProxyTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Behind_a_trusted_proxy_rate_limits_and_the_audit_log_see_the_forwarded_client()
    {
        app.Settings["Mfa:ReverseProxy:KnownProxies:0"] = "127.0.0.1";
        app.Settings["Mfa:RateLimits:SignInPerMinute"] = "2";
        var address = app.StartOnRealPort();

        var first = await FailedSignInsAsync(address, "203.0.113.7", 3);
        var second = await FailedSignInsAsync(address, "198.51.100.9", 1);

        first.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
        second.ShouldBe([HttpStatusCode.OK], "another client behind the same proxy has a budget of its own");
        (await SignInFailureIpsAsync()).Order().ShouldBe(["198.51.100.9", "203.0.113.7", "203.0.113.7"]);
    }

    [Fact]
    public async Task Without_a_configured_proxy_X_Forwarded_For_is_ignored()
    {
        app.Settings["Mfa:RateLimits:SignInPerMinute"] = "2";
        var address = app.StartOnRealPort();

        var statuses = await FailedSignInsAsync(address, "203.0.113.7", 2);
        statuses.AddRange(await FailedSignInsAsync(address, "198.51.100.9", 1));

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], "a client must not pick its own rate-limit partition");
        (await SignInFailureIpsAsync()).ShouldAllBe(ip => ip == "127.0.0.1");
    }

    [Fact]
    public void A_proxy_address_that_is_not_an_IP_stops_the_start_with_a_clear_message()
    {
        app.Settings["Mfa:ReverseProxy:KnownProxies:0"] = "lb.example.org";

        var failure = Should.Throw<InvalidOperationException>(() => app.CreateClient());

        failure.Message.ShouldContain("Mfa:ReverseProxy:KnownProxies: 'lb.example.org' is not an IP address");
    }

    [Theory]
    [InlineData("Mfa:ReverseProxy:KnownNetworks:0", "10.0.0.0/33", "Mfa:ReverseProxy:KnownNetworks: '10.0.0.0/33' is not a network in CIDR notation")]
    [InlineData("Mfa:ReverseProxy:ForwardLimit", "0", "Mfa:ReverseProxy:ForwardLimit must be at least 1")]
    public void A_bad_network_or_forward_limit_stops_the_start_with_a_clear_message(string key, string value, string message)
    {
        app.Settings[key] = value;

        var failure = Should.Throw<InvalidOperationException>(() => app.CreateClient());

        failure.Message.ShouldContain(message);
    }

    private async Task<List<HttpStatusCode>> FailedSignInsAsync(Uri address, string forwardedFor, int attempts)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < attempts; i++)
        {
            using var handler = new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false };
            using var client = new HttpClient(handler) { BaseAddress = address };
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
            var browser = new BrowserSession(client, app.Clock);
            statuses.Add((await browser.PostFormAsync("/signin", "/signin", new() { ["username"] = "alice", ["password"] = "wrong password" })).StatusCode);
        }

        return statuses;
    }

    private async Task<List<string?>> SignInFailureIpsAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditDbContext>().Records
            .Where(r => r.Type == "SignInFailed").Select(r => r.ClientIp).ToListAsync();
    }
}
