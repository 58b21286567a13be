using MfaMonolith.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MfaMonolith.Tests.Host.Security;

public sealed class HstsTests : IDisposable
{
    private readonly MfaAppFactory app = new() { EnvironmentName = "Production" };

    public HstsTests() => app.Settings["Mfa:EmbeddedSignIn:AllowInProduction"] = "true";

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Outside_development_HTTPS_responses_carry_HSTS_and_plain_HTTP_ones_do_not()
    {
        var https = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://mfa.example.org") });
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://mfa.example.org") });

        (await https.GetAsync("/signin")).Headers.TryGetValues("Strict-Transport-Security", out var values).ShouldBeTrue();
        values!.Single().ShouldContain("max-age=");
        (await http.GetAsync("/signin")).Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }
}
