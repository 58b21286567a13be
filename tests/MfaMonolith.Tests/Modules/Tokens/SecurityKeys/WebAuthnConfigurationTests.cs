using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Modules.Tokens.SecurityKeys;

/// <summary>Mfa:WebAuthn: a relying-party id or origin that cannot work stops the Host at start, naming the setting.</summary>
public sealed class WebAuthnConfigurationTests
{
    [Theory]
    [InlineData("not a host", null, "Mfa:WebAuthn:RelyingPartyId")]
    [InlineData("https://mfa.example.org", null, "Mfa:WebAuthn:RelyingPartyId")]
    [InlineData("mfa.example.org", "https://mfa.example.com", "Mfa:WebAuthn:Origins")]
    [InlineData("localhost", "https://evil-localhost.example.org", "Mfa:WebAuthn:Origins")]
    [InlineData("mfa.example.org", "http://mfa.example.org", "Mfa:WebAuthn:Origins")]
    [InlineData("mfa.example.org", "https://mfa.example.org/login", "Mfa:WebAuthn:Origins")]
    [InlineData("localhost", "localhost:5080", "Mfa:WebAuthn:Origins")]
    public void A_setting_that_cannot_work_stops_the_start_with_a_message_naming_it(string relyingPartyId, string? origin, string setting)
    {
        using var app = new MfaAppFactory();
        app.Settings["Mfa:WebAuthn:RelyingPartyId"] = relyingPartyId;
        if (origin is not null)
            app.Settings["Mfa:WebAuthn:Origins:0"] = origin;

        var failure = Should.Throw<Exception>(() => app.CreateClient());

        Messages(failure).ShouldContain(m => m.Contains(setting, StringComparison.Ordinal), string.Join("\n", Messages(failure)));
    }

    [Theory]
    [InlineData("mfa.example.org", "https://mfa.example.org")]
    [InlineData("example.org", "https://mfa.example.org:8443")]
    [InlineData("localhost", "http://localhost:5080")]
    public void A_setting_that_works_starts(string relyingPartyId, string origin)
    {
        using var app = new MfaAppFactory();
        app.Settings["Mfa:WebAuthn:RelyingPartyId"] = relyingPartyId;
        app.Settings["Mfa:WebAuthn:Origins:0"] = origin;

        Should.NotThrow(() => app.CreateClient().Dispose());
    }

    [Fact]
    public void The_defaults_start()
    {
        using var app = new MfaAppFactory();

        Should.NotThrow(() => app.CreateClient().Dispose());
    }

    private static IEnumerable<string> Messages(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            yield return e.Message;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                    foreach (var message in Messages(inner))
                        yield return message;
            }
        }
    }
}
