using System.Net;
using System.Text.Json;
using MfaMonolith.SharedKernel.Pages;
using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.WebAuthn;

namespace MfaMonolith.Tests.Modules.Tokens.SecurityKeys;

/// <summary>The embedded sign-in's second factor with a security key, as site.js drives it: a challenge, then the form.</summary>
public sealed class SecurityKeySignInTests : IDisposable
{
    private readonly MfaAppFactory app = new MfaAppFactory().WithSecurityKeyOrigin();

    public void Dispose() => app.Dispose();

    private async Task<SoftwareAuthenticator> AliceWithKeyAsync()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var key = new SoftwareAuthenticator();
        await alice.RegisterKeyAsync(key);
        return key;
    }

    /// <summary>Signs in with the password; the session then owes its second factor. Returns the challenge site.js would get.</summary>
    private static async Task<(string ChallengeId, string OptionsJson)> PasswordThenChallengeAsync(BrowserSession browser)
    {
        var signIn = await browser.PostFormAsync("/signin", "/signin", new() { ["username"] = "alice", ["password"] = "alice-demo-password" });
        signIn.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        signIn.Headers.Location!.OriginalString.ShouldStartWith("/signin/second-factor");
        var page = await browser.GetPageAsync("/signin/second-factor");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signin/second-factor/security-key");
        request.Headers.Add("RequestVerificationToken", Html.InputValue(page, "__RequestVerificationToken"));
        var response = await browser.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("challengeId").GetString()!, json.RootElement.GetProperty("options").GetRawText());
    }

    private static Task<HttpResponseMessage> AnswerAsync(BrowserSession browser, string challengeId, string credential) =>
        browser.PostFormAsync("/signin/second-factor", "/signin/second-factor",
            new() { [SecurityKeyFields.Challenge] = challengeId, [SecurityKeyFields.Credential] = credential });

    [Fact]
    public async Task A_key_answers_the_sign_ins_second_factor()
    {
        var key = await AliceWithKeyAsync();
        var browser = new BrowserSession(app);
        var (challengeId, options) = await PasswordThenChallengeAsync(browser);

        var verified = await AnswerAsync(browser, challengeId, key.Assert(options, SecurityKeysApi.Origin));

        verified.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await verified.Content.ReadAsStringAsync());
        verified.Headers.Location!.OriginalString.ShouldNotStartWith("/signin");
        (await browser.GraphQLAsync("{ myTokens { id } }")).ShouldHaveNoErrors();
        (await browser.GraphQLAsync("{ myStepUp { verifiedAt } }")).GetProperty("data").GetProperty("myStepUp").Str("verifiedAt").ShouldNotBeNull();
        var accepted = (await app.AuditAsync("alice", "VerificationAccepted")).ShouldHaveSingleItem();
        accepted.Method.ShouldBe("WEBAUTHN");
    }

    [Fact]
    public async Task A_tampered_answer_keeps_the_user_at_the_prompt_without_a_session()
    {
        var key = await AliceWithKeyAsync();
        var browser = new BrowserSession(app);
        var (challengeId, options) = await PasswordThenChallengeAsync(browser);

        var refused = await AnswerAsync(browser, challengeId, key.AssertWithTamperedSignature(options, SecurityKeysApi.Origin));

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        Html.Alerts(await refused.Content.ReadAsStringAsync()).ShouldContain(a => a.Contains("security key", StringComparison.OrdinalIgnoreCase));
        (await browser.GraphQLAsync("{ myTokens { id } }")).FirstErrorCode().ShouldBe("UNAUTHENTICATED");
        (await app.AuditAsync("alice", "VerificationRejected")).ShouldHaveSingleItem().Reason.ShouldBe("INVALID_CODE");
    }

    [Fact]
    public async Task A_challenge_without_the_pages_antiforgery_token_is_refused()
    {
        await AliceWithKeyAsync();
        var browser = new BrowserSession(app);
        (await browser.PostFormAsync("/signin", "/signin", new() { ["username"] = "alice", ["password"] = "alice-demo-password" }))
            .StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        var response = await browser.Client.PostAsync("/signin/second-factor/security-key", null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
