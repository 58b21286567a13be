using System.Net;
using MfaMonolith.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MfaMonolith.Tests.Host.Security;

/// <summary>Outside Development a plain-HTTP request is refused with a message naming the setting, not a 500.</summary>
public sealed class HttpsOnlyTests : IDisposable
{
    private readonly MfaAppFactory app = new() { EnvironmentName = "Production" };

    public HttpsOnlyTests() => app.Settings["Mfa:EmbeddedSignIn:AllowInProduction"] = "true";

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_plain_HTTP_request_outside_development_is_refused_naming_the_reverse_proxy_setting()
    {
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://mfa.example.org"), AllowAutoRedirect = false });

        var signIn = await http.GetAsync("/signin");

        signIn.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await signIn.Content.ReadAsStringAsync()).ShouldContain("Mfa:ReverseProxy:KnownProxies");
        (await http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK, "load balancers probe health over plain HTTP");
    }

    [Fact]
    public async Task HTTPS_is_served_outside_development()
    {
        var https = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://mfa.example.org"), AllowAutoRedirect = false });

        (await https.GetAsync("/signin")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
