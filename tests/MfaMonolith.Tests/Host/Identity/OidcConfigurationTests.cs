using System.Net;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.OpenIddict;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MfaMonolith.Tests.Host.Identity;

/// <summary>OIDC mode is chosen by Mfa:Oidc:Authority, and a wrong setting stops the Host at start with a clear message.</summary>
public sealed class OidcConfigurationTests
{
    [Theory]
    [InlineData("http://idp.example.org", "idp-client", "Mfa:Oidc:Authority must be an absolute https:// URL")]
    [InlineData("idp.example.org/oidc", "idp-client", "Mfa:Oidc:Authority must be an absolute https:// URL")]
    [InlineData("https://idp.example.org", "", "Mfa:Oidc:ClientId is required")]
    public void Bad_configuration_stops_the_host_at_start_with_a_clear_message(string authority, string clientId, string message)
    {
        using var app = new MfaAppFactory();
        app.Settings["Mfa:Oidc:Authority"] = authority;
        app.Settings["Mfa:Oidc:ClientId"] = clientId;

        var failure = Should.Throw<Exception>(() => app.CreateClient());

        Messages(failure).ShouldContain(m => m.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void An_admin_claim_without_its_value_stops_the_host_at_start()
    {
        using var app = new MfaAppFactory();
        app.Settings["Mfa:Oidc:Authority"] = "https://idp.example.org";
        app.Settings["Mfa:Oidc:ClientId"] = "idp-client";
        app.Settings["Mfa:Oidc:AdminClaim"] = "groups";

        var failure = Should.Throw<Exception>(() => app.CreateClient());

        Messages(failure).ShouldContain(m => m.Contains("Mfa:Oidc:AdminClaim and Mfa:Oidc:AdminClaimValue go together", StringComparison.Ordinal));
    }

    [Fact]
    public void An_AcceptMfaAcr_that_is_not_a_boolean_stops_the_host_at_start_naming_the_key()
    {
        using var app = new MfaAppFactory();
        app.Settings["Mfa:Oidc:Authority"] = "https://idp.example.org";
        app.Settings["Mfa:Oidc:ClientId"] = "idp-client";
        app.Settings["Mfa:Oidc:AcceptMfaAcr"] = "mfa";

        var failure = Should.Throw<Exception>(() => app.CreateClient());

        Messages(failure).ShouldContain(m => m.Contains("Mfa:Oidc:AcceptMfaAcr", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_Production_the_OIDC_mode_starts_without_the_embedded_sign_in_guard_and_shows_no_banner()
    {
        await using var provider = await OpenIddictProvider.StartAsync();
        await using var app = new MfaAppFactory { EnvironmentName = "Production" };
        app.Settings["Mfa:Oidc:Authority"] = provider.Issuer;
        app.Settings["Mfa:Oidc:ClientId"] = OpenIddictProvider.ClientId;
        app.Settings["Mfa:Oidc:RequireHttpsMetadata"] = "false";
        // Production answers HTTPS only (HttpsOnly).
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

        var live = await client.GetAsync("/health/live");
        var signedOut = await client.GetAsync("/signed-out");

        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        signedOut.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await signedOut.Content.ReadAsStringAsync()).ShouldNotContain("Embedded sign-in");
        (await client.GetAsync("/signin")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static IEnumerable<string> Messages(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
            yield return error.Message;
    }
}
