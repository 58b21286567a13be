using System.Net;
using System.Security.Cryptography;
using System.Text;
using MfaMonolith.Modules.Audit.Domain;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.OpenIddict;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Host.Identity;

/// <summary>
/// The production sign-in (ADR 0012): the product as an OpenID Connect client of a real OpenIddict server on a real
/// port, code + PKCE, the product's own claims and server-side session, and everything that must be refused.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private const string SessionCookie = OidcFlow.SessionCookie;
    private const string AdminValue = OidcFlow.AdminValue;
    private OpenIddictProvider provider = null!;
    private OidcFlow flow = null!;
    private MfaAppFactory app = null!;

    public async Task InitializeAsync()
    {
        provider = await OpenIddictProvider.StartAsync();
        flow = new OidcFlow(provider);
        app = flow.Product();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await provider.DisposeAsync();
    }

    [Fact]
    public async Task A_user_signs_in_at_the_provider_and_reaches_the_tokens_page()
    {
        var browser = new BrowserSession(app);

        var (page, visited) = await FollowAsync(browser, await browser.Client.GetAsync("/tokens"));

        visited.ShouldContain(u => u.StartsWith(provider.Issuer + "/authorize", StringComparison.Ordinal));
        visited.Last().ShouldBe("http://localhost/tokens");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("Signed in as <strong>oidc-user</strong>");
        html.ShouldNotContain("Embedded sign-in");
        (await browser.GraphQLAsync("{ myTokens { id } }")).TryGetProperty("errors", out _).ShouldBeFalse();
        (await AuditAsync()).ShouldContain(r => r.Type == "SignInSucceeded" && r.UserId == "oidc-user" && r.Actor == "user:oidc-user");
    }

    [Fact]
    public async Task The_sign_in_uses_PKCE_with_S256_and_the_provider_sees_a_matching_verifier()
    {
        var browser = await SignInAsync();

        var authorize = provider.AuthorizeRequests.ShouldHaveSingleItem();
        authorize.ResponseType.ShouldBe("code");
        authorize.CodeChallengeMethod.ShouldBe("S256");
        authorize.CodeChallenge!.Length.ShouldBeGreaterThanOrEqualTo(43);
        authorize.RedirectUri.ShouldBe(OpenIddictProvider.RedirectUri);
        var (token, error, _) = provider.TokenRequests.ShouldHaveSingleItem();
        token.GrantType.ShouldBe("authorization_code");
        token.CodeVerifier.ShouldNotBeNullOrEmpty();
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(token.CodeVerifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_')
            .ShouldBe(authorize.CodeChallenge);
        (token.ClientId, token.ClientSecret).ShouldBe((OpenIddictProvider.ClientId, OpenIddictProvider.ClientSecret));
        // The server checked the verifier against the challenge and the client's secret: it issued tokens.
        error.ShouldBeNull();
        (await browser.Client.GetAsync("/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_session_cookie_stays_small_and_the_product_keeps_one_session_row()
    {
        var browser = new BrowserSession(app);
        var (_, _, setCookies) = await FollowCollectingCookiesAsync(browser, await browser.Client.GetAsync("/tokens"));

        var session = setCookies.Where(c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal)).ShouldHaveSingleItem();
        // With the provider's tokens saved in it the cookie would be several kilobytes, split into chunks.
        session.Length.ShouldBeLessThan(1500);
        setCookies.ShouldNotContain(c => c.StartsWith(SessionCookie + "C", StringComparison.Ordinal));
        await app.WithHostDbAsync(async db => (await db.UserSessions.SingleAsync()).UserId.ShouldBe("oidc-user"));
    }

    [Fact]
    public async Task The_admin_claim_with_the_configured_value_among_several_gives_the_admin_role()
    {
        provider.NextUser[OidcFlow.AdminClaim] = ["urn:mace:example.org:staff", AdminValue];
        var admin = await SignInAsync();

        var dashboard = await admin.GraphQLAsync("{ adminDashboard { usersWithMfa } }");

        // The role is granted: what stops this administrator is the missing second factor (a non-admin gets
        // FORBIDDEN), since administrators act only with one (ADR 0015).
        dashboard.FirstErrorCode().ShouldBe("SECOND_FACTOR_REQUIRED", dashboard.ToString());
    }

    [Fact]
    public async Task The_admin_claim_as_one_JSON_array_value_gives_the_admin_role_too()
    {
        await using var groupsApp = flow.Product(("Mfa:Oidc:AdminClaim", "groups"), ("Mfa:Oidc:AdminClaimValue", "mfa-admins"));
        // One claim whose value is the JSON text of an array, as some providers send groups.
        provider.NextUser["groups"] = ["""["staff","mfa-admins"]"""];
        var admin = await SignInAsync(groupsApp);

        (await admin.GraphQLAsync("{ adminDashboard { usersWithMfa } }")).FirstErrorCode().ShouldBe("SECOND_FACTOR_REQUIRED");
    }

    [Fact]
    public async Task A_user_without_the_admin_value_gets_an_authorization_error()
    {
        provider.NextUser[OidcFlow.AdminClaim] = ["urn:mace:example.org:staff", AdminValue + ":not"];
        var user = await SignInAsync();

        (await user.GraphQLAsync("{ adminDashboard { usersWithMfa } }")).FirstErrorCode().ShouldBe("FORBIDDEN");
    }

    [Fact]
    public async Task The_user_id_comes_from_the_configured_claim()
    {
        await using var eppnApp = flow.Product(("Mfa:Oidc:UserIdClaim", "eduPersonPrincipalName"));
        provider.NextUser["sub"] = ["pairwise-7f3a"];
        provider.NextUser["eduPersonPrincipalName"] = ["carol@example.org"];
        var carol = await SignInAsync(eppnApp);

        (await carol.GetPageAsync("/tokens")).ShouldContain("Signed in as <strong>carol@example.org</strong>");
        await eppnApp.WithHostDbAsync(async db => (await db.UserSessions.SingleAsync()).UserId.ShouldBe("carol@example.org"));
    }

    [Fact]
    public async Task Without_the_configured_user_id_claim_the_sign_in_is_refused_and_recorded()
    {
        await using var eppnApp = flow.Product(("Mfa:Oidc:UserIdClaim", "eduPersonPrincipalName"));
        var browser = new BrowserSession(eppnApp);

        var (page, _) = await FollowAsync(browser, await browser.Client.GetAsync("/tokens"));

        page.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await page.Content.ReadAsStringAsync()).ShouldContain("Sign-in did not succeed");
        (await browser.Client.GetAsync("/tokens")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await AuditAsync(eppnApp)).ShouldContain(r => r.Type == "SignInFailed" && r.Reason == "NO_USER_ID_CLAIM");
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/signin/second-factor")]
    public async Task The_embedded_sign_in_pages_do_not_exist(string path)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        (await client.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsync(path, new FormUrlEncodedContent([new("username", "alice"), new("password", "alice-demo-password")])))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_anonymous_page_request_is_sent_to_the_provider()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/tokens");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.GetLeftPart(UriPartial.Path).ShouldBe(provider.Issuer + "/authorize");
    }

    [Fact]
    public async Task An_htmx_request_is_told_to_move_the_whole_page_to_the_provider()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tokens");
        request.Headers.Add("HX-Request", "true");

        var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Location.ShouldBeNull();
        response.Headers.GetValues("HX-Redirect").ShouldHaveSingleItem().ShouldStartWith(provider.Issuer + "/authorize?");
    }

    [Fact]
    public async Task Log_out_ends_the_session_on_the_server_and_signs_out_at_the_provider()
    {
        var browser = new BrowserSession(app);
        var (_, _, setCookies) = await FollowCollectingCookiesAsync(browser, await browser.Client.GetAsync("/tokens"));
        var copied = setCookies.Single(c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal)).Split(';', 2)[0];
        var page = await GetWithCookieAsync("/tokens", copied);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        // Browsers check form-action on the redirect that answers the form too: the provider's origin must be allowed.
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldContain($"form-action 'self' {new Uri(provider.Issuer).GetLeftPart(UriPartial.Authority)};");

        var loggedOut = await browser.PostFormAsync("/tokens", "/signout", []);

        loggedOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        loggedOut.Headers.Location!.GetLeftPart(UriPartial.Path).ShouldBe(provider.Issuer + "/end-session");
        var (end, _) = await FollowAsync(browser, loggedOut);
        end.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await end.Content.ReadAsStringAsync()).ShouldContain("You have been logged out.");
        var endSession = provider.EndSessionRequests.ShouldHaveSingleItem();
        endSession.ClientId.ShouldBe(OpenIddictProvider.ClientId);
        endSession.PostLogoutRedirectUri.ShouldBe(OpenIddictProvider.PostLogoutRedirectUri);
        await app.WithHostDbAsync(async db => (await db.UserSessions.SingleAsync()).EndedAt.ShouldNotBeNull());
        var replayed = await GetWithCookieAsync("/tokens", copied);
        replayed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        replayed.Headers.Location!.GetLeftPart(UriPartial.Path).ShouldBe(provider.Issuer + "/authorize");
    }

    [Fact]
    public async Task Log_out_from_an_htmx_boosted_form_moves_the_whole_page_to_the_provider()
    {
        var browser = await SignInAsync();
        browser.Client.DefaultRequestHeaders.Add("HX-Request", "true");

        var loggedOut = await browser.PostFormAsync("/tokens", "/signout", []);

        loggedOut.StatusCode.ShouldBe(HttpStatusCode.OK);
        loggedOut.Headers.Location.ShouldBeNull();
        loggedOut.Headers.GetValues("HX-Redirect").ShouldHaveSingleItem().ShouldStartWith(provider.Issuer + "/end-session?");
        await app.WithHostDbAsync(async db => (await db.UserSessions.SingleAsync()).EndedAt.ShouldNotBeNull());
    }

    [Fact]
    public async Task Without_an_end_session_endpoint_Log_out_ends_the_session_here_only()
    {
        await using var plainProvider = await OpenIddictProvider.StartAsync(withEndSession: false);
        await using var plainApp = new OidcFlow(plainProvider).Product();
        var browser = await new OidcFlow(plainProvider).SignInAsync(plainApp);

        var loggedOut = await browser.PostFormAsync("/tokens", "/signout", []);

        loggedOut.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        loggedOut.Headers.Location!.OriginalString.ShouldBe("/signed-out");
        await plainApp.WithHostDbAsync(async db => (await db.UserSessions.SingleAsync()).EndedAt.ShouldNotBeNull());
        (await browser.Client.GetAsync("/tokens")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Theory]
    [InlineData(OpenIddictProvider.Forgery.WrongSignature)]
    [InlineData(OpenIddictProvider.Forgery.WrongAudience)]
    public async Task A_forged_id_token_is_refused_and_recorded(OpenIddictProvider.Forgery forgery)
    {
        provider.NextForgery = forgery;
        var browser = new BrowserSession(app);

        var (page, visited) = await FollowAsync(browser, await browser.Client.GetAsync("/tokens"));

        visited.Last().ShouldStartWith("http://localhost/signin-oidc?");
        page.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await page.Content.ReadAsStringAsync()).ShouldContain("Sign-in did not succeed");
        (await browser.Client.GetAsync("/tokens")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GraphQLAsync("{ myTokens { id } }")).FirstErrorCode().ShouldBe("UNAUTHENTICATED");
        await app.WithHostDbAsync(async db => (await db.UserSessions.CountAsync()).ShouldBe(0));
        var records = await AuditAsync();
        records.ShouldContain(r => r.Type == "SignInFailed" && r.Reason == "INVALID_ID_TOKEN");
        records.ShouldNotContain(r => r.Type == "SignInSucceeded");
    }

    private Task<BrowserSession> SignInAsync(MfaAppFactory? product = null) => flow.SignInAsync(product ?? app);

    private Task<(HttpResponseMessage Final, List<string> Visited)> FollowAsync(BrowserSession browser, HttpResponseMessage response) =>
        flow.FollowAsync(browser, response);

    private Task<(HttpResponseMessage Final, List<string> Visited, List<string> SetCookies)> FollowCollectingCookiesAsync(
        BrowserSession browser, HttpResponseMessage response) => flow.FollowCollectingCookiesAsync(browser, response);

    private Task<HttpResponseMessage> GetWithCookieAsync(string path, string cookie) => OidcFlow.GetWithCookieAsync(app, path, cookie);

    private Task<List<AuditRecord>> AuditAsync(MfaAppFactory? product = null) => OidcFlow.AuditAsync(product ?? app);
}
