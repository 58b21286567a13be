using System.Net;
using MfaMonolith.Host.Identity.Oidc;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.OpenIddict;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace MfaMonolith.Tests.Host.Identity;

/// <summary>
/// What the id_token says beyond who the user is (ADR 0012): its <c>acr</c> is a second factor only when
/// <c>Mfa:Oidc:AcceptMfaAcr</c> trusts it and it is the REFEDS MFA profile; its nonce must be this sign-in's.
/// Against a real OpenIddict server on a real port.
/// </summary>
public sealed class OidcAcrAndNonceTests : IAsyncLifetime
{
    private OpenIddictProvider provider = null!;
    private OidcFlow flow = null!;

    public async Task InitializeAsync()
    {
        provider = await OpenIddictProvider.StartAsync();
        flow = new OidcFlow(provider);
    }

    public async Task DisposeAsync() => await provider.DisposeAsync();

    [Fact]
    public async Task With_AcceptMfaAcr_an_id_token_with_the_MFA_acr_starts_a_session_that_passed_a_second_factor()
    {
        await using var app = flow.Product(("Mfa:Oidc:AcceptMfaAcr", "true"));
        provider.NextUser["acr"] = [OpenIddictProvider.MfaAcr];
        provider.NextUser[OidcFlow.AdminClaim] = [OidcFlow.AdminValue];

        var (browser, session) = await SignInAsync(app);

        session.FindFirst(UserClaims.SecondFactorAt).ShouldNotBeNull().Value
            .ShouldBe(session.FindFirst(UserClaims.AuthenticatedAt)!.Value);
        var signedIn = (await OidcFlow.AuditAsync(app)).ShouldHaveSingleItem();
        (signedIn.Type, signedIn.UserId, signedIn.Reason).ShouldBe(("SignInSucceeded", "oidc-user", OidcSignIn.AcrMfaReason));
        // An administrator whose second factor is the provider's acr can use the admin fields.
        var audit = await browser.GraphQLAsync("{ auditEvents(first:1) { totalCount } }");
        audit.ShouldHaveNoErrors();
        audit.GetProperty("data").GetProperty("auditEvents").GetProperty("totalCount").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
    }

    [Theory]
    [InlineData("false", OpenIddictProvider.MfaAcr)]
    [InlineData("true", OpenIddictProvider.SingleFactorAcr)]
    [InlineData("true", OpenIddictProvider.MfaAcr + "/")]
    [InlineData("true", null)]
    public async Task An_acr_counts_for_nothing_unless_AcceptMfaAcr_is_true_and_it_is_exactly_the_MFA_profile(string acceptMfaAcr, string? acr)
    {
        await using var app = flow.Product(("Mfa:Oidc:AcceptMfaAcr", acceptMfaAcr));
        if (acr is not null)
            provider.NextUser["acr"] = [acr];

        var (_, session) = await SignInAsync(app);

        session.FindFirst(UserClaims.SecondFactorAt).ShouldBeNull();
        var signedIn = (await OidcFlow.AuditAsync(app)).ShouldHaveSingleItem();
        signedIn.Type.ShouldBe("SignInSucceeded");
        signedIn.Reason.ShouldBeNull();
        signedIn.Method.ShouldBeNull();
    }

    [Fact]
    public async Task AcceptMfaAcr_is_off_unless_configured()
    {
        await using var app = flow.Product();
        provider.NextUser["acr"] = [OpenIddictProvider.MfaAcr];

        var (_, session) = await SignInAsync(app);

        session.FindFirst(UserClaims.SecondFactorAt).ShouldBeNull();
    }

    [Fact]
    public async Task A_forged_id_token_claiming_the_MFA_acr_is_refused_and_starts_no_session()
    {
        await using var app = flow.Product(("Mfa:Oidc:AcceptMfaAcr", "true"));
        provider.NextUser["acr"] = [OpenIddictProvider.MfaAcr];
        provider.NextForgery = OpenIddictProvider.Forgery.WrongSignature;
        var browser = new BrowserSession(app);

        var (page, _) = await flow.FollowAsync(browser, await browser.Client.GetAsync("/tokens"));

        page.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await app.WithHostDbAsync(async db => (await db.UserSessions.CountAsync()).ShouldBe(0));
        (await OidcFlow.AuditAsync(app)).ShouldHaveSingleItem().Reason.ShouldBe("INVALID_ID_TOKEN");
    }

    [Fact]
    public async Task Each_sign_in_sends_a_fresh_nonce_and_accepts_the_id_token_that_carries_it()
    {
        await using var app = flow.Product();

        await SignInAsync(app);
        await SignInAsync(app);

        var nonces = provider.AuthorizeRequests.Select(r => r.Nonce).ToList();
        nonces.Count.ShouldBe(2);
        nonces.ShouldAllBe(n => !string.IsNullOrEmpty(n) && n.Length >= 32);
        nonces.Distinct().Count().ShouldBe(2);
        provider.TokenRequests.Select(t => new JsonWebToken(t.IdToken!).GetClaim("nonce").Value).ShouldBe(nonces);
    }

    [Fact]
    public async Task An_id_token_with_the_nonce_of_an_earlier_sign_in_is_refused_and_recorded()
    {
        await using var app = flow.Product();
        await SignInAsync(app);
        provider.NextForgery = OpenIddictProvider.Forgery.ReplayedNonce;
        var browser = new BrowserSession(app);

        var (page, visited) = await flow.FollowAsync(browser, await browser.Client.GetAsync("/tokens"));

        // The server signed it for this client and code; only its nonce belongs to the first sign-in.
        new JsonWebToken(provider.TokenRequests.Last().IdToken!).GetClaim("nonce").Value.ShouldBe(provider.AuthorizeRequests.First().Nonce);
        visited.Last().ShouldStartWith("http://localhost/signin-oidc?");
        page.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await page.Content.ReadAsStringAsync()).ShouldContain("Sign-in did not succeed");
        (await browser.GraphQLAsync("{ myTokens { id } }")).FirstErrorCode().ShouldBe("UNAUTHENTICATED");
        await app.WithHostDbAsync(async db => (await db.UserSessions.CountAsync()).ShouldBe(1));
        (await OidcFlow.AuditAsync(app)).ShouldContain(r => r.Type == "SignInFailed" && r.Reason == "INVALID_ID_TOKEN");
    }

    /// <summary>Signs in a new browser at the provider; returns it and the principal its session cookie holds.</summary>
    private async Task<(BrowserSession Browser, System.Security.Claims.ClaimsPrincipal Session)> SignInAsync(MfaAppFactory app)
    {
        var browser = new BrowserSession(app);
        var (page, _, setCookies) = await flow.FollowCollectingCookiesAsync(browser, await browser.Client.GetAsync("/tokens"));
        page.StatusCode.ShouldBe(HttpStatusCode.OK, await page.Content.ReadAsStringAsync());
        return (browser, OidcFlow.SessionOf(app, OidcFlow.SessionCookieOf(setCookies)));
    }
}
