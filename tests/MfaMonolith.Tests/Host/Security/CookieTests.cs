using System.Net;
using MfaMonolith.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MfaMonolith.Tests.Host.Security;

/// <summary>Outside Development the product's cookies are Secure and <c>__Host-</c>; Development keeps them usable on http.</summary>
public sealed class CookieTests
{
    [Fact]
    public async Task Outside_development_the_session_and_antiforgery_cookies_are_secure_host_cookies()
    {
        using var app = new MfaAppFactory { EnvironmentName = "Production" };
        app.Settings["Mfa:EmbeddedSignIn:AllowInProduction"] = "true";
        // The demo accounts live in appsettings.Development.json only.
        app.Settings["Mfa:EmbeddedSignIn:Accounts:0:UserName"] = "alice";
        app.Settings["Mfa:EmbeddedSignIn:Accounts:0:Password"] = "alice-demo-password";
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://mfa.example.org"), AllowAutoRedirect = false });

        var (antiforgery, session) = await SignInAsync(browser);

        antiforgery.ShouldStartWith("__Host-mfa.antiforgery=");
        session.ShouldStartWith("__Host-mfa.session=");
        foreach (var cookie in new[] { antiforgery, session })
        {
            cookie.ShouldContain("; secure", Case.Insensitive);
            cookie.ShouldContain("; path=/", Case.Insensitive);
            cookie.ShouldNotContain("domain=", Case.Insensitive);
        }
    }

    [Fact]
    public async Task In_development_the_cookies_keep_their_plain_names_and_work_over_http()
    {
        using var app = new MfaAppFactory();
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });

        var (antiforgery, session) = await SignInAsync(browser);

        antiforgery.ShouldStartWith("mfa.antiforgery=");
        session.ShouldStartWith("mfa.session=");
        session.ShouldNotContain("; secure", Case.Insensitive);
        (await browser.GetAsync("/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK, "the session cookie is sent back over http");
    }

    /// <summary>The embedded sign-in, as a browser: the form's antiforgery cookie, then the session cookie.</summary>
    private static async Task<(string Antiforgery, string Session)> SignInAsync(HttpClient browser)
    {
        var form = await browser.GetAsync("/signin");
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.Contains("mfa.antiforgery=", StringComparison.Ordinal));
        var token = System.Text.RegularExpressions.Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        var signedIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "alice", ["password"] = "alice-demo-password",
            ["__RequestVerificationToken"] = token.Groups[1].Value,
        }));
        signedIn.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await signedIn.Content.ReadAsStringAsync());
        return (antiforgery, signedIn.Headers.GetValues("Set-Cookie").Single(c => c.Contains("mfa.session=", StringComparison.Ordinal)));
    }
}
