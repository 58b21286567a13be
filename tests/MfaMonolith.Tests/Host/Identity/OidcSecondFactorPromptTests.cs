using System.Net;
using System.Text.RegularExpressions;
using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.OpenIddict;
using Microsoft.AspNetCore.WebUtilities;

namespace MfaMonolith.Tests.Host.Identity;

/// <summary>
/// OpenID Connect mode (PRODUCT.md, Step-up): a user who has an active token passes a second factor before reaching
/// any page but the prompt — the product's own prompt, or, when <c>Mfa:Oidc:AcceptMfaAcr</c> is true, the provider's
/// MFA <c>acr</c>. A password at the ProxyIdP alone is never enough to manage tokens.
/// </summary>
public sealed partial class OidcSecondFactorPromptTests : IAsyncLifetime
{
    private const string PromptPath = "/second-factor";
    private OpenIddictProvider provider = null!;
    private OidcFlow flow = null!;
    private MfaAppFactory app = null!;

    public async Task InitializeAsync()
    {
        provider = await OpenIddictProvider.StartAsync();
        flow = new OidcFlow(provider);
        app = flow.Product(("Mfa:Oidc:AcceptMfaAcr", "true"));
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await provider.DisposeAsync();
    }

    [Fact]
    public async Task A_user_with_a_token_who_signs_in_without_the_MFA_acr_reaches_only_the_second_factor_prompt_until_a_code_is_verified()
    {
        var secret = await UserWithATokenAsync();
        provider.NextUser["acr"] = [OpenIddictProvider.SingleFactorAcr];
        var browser = new BrowserSession(app);

        var (prompt, visited) = await flow.FollowAsync(browser, await browser.Client.GetAsync("/tokens"));

        prompt.StatusCode.ShouldBe(HttpStatusCode.OK);
        var promptUrl = new Uri(visited.Last());
        promptUrl.AbsolutePath.ShouldBe(PromptPath);
        QueryHelpers.ParseQuery(promptUrl.Query)["returnUrl"].ToString().ShouldBe("/tokens");
        var promptHtml = await prompt.Content.ReadAsStringAsync();
        promptHtml.ShouldContain("Verification code");
        promptHtml.ShouldContain("Verify");
        foreach (var page in new[] { "/", "/tokens", "/tokens/new", "/settings/services", "/backup-codes" })
        {
            var response = await browser.Client.GetAsync(page);
            response.StatusCode.ShouldBe(HttpStatusCode.SeeOther, page);
            var location = new Uri(new Uri("http://localhost"), response.Headers.Location!);
            location.AbsolutePath.ShouldBe(PromptPath, page);
            QueryHelpers.ParseQuery(location.Query)["returnUrl"].ToString().ShouldBe(page);
        }

        // The next step: the one the enrolment used is spent, the window accepts one step either side.
        var verified = await SubmitPromptAsync(browser, promptUrl.PathAndQuery, promptHtml, browser.CodeNow(secret, stepOffset: 1));

        var (tokens, afterPrompt) = await flow.FollowAsync(browser, verified);
        afterPrompt.Last().ShouldBe("http://localhost/tokens");
        tokens.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tokens.Content.ReadAsStringAsync()).ShouldContain("Signed in as <strong>oidc-user</strong>");
        (await browser.Client.GetAsync("/settings/services")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_user_with_a_token_who_signs_in_with_the_MFA_acr_reaches_the_pages_without_the_prompt()
    {
        await UserWithATokenAsync();
        provider.NextUser["acr"] = [OpenIddictProvider.MfaAcr];
        var browser = new BrowserSession(app);

        var (page, visited) = await flow.FollowAsync(browser, await browser.Client.GetAsync("/tokens"));

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        visited.ShouldNotContain(u => new Uri(u).AbsolutePath == PromptPath);
        visited.Last().ShouldBe("http://localhost/tokens");
        (await browser.Client.GetAsync("/settings/services")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>
    /// The OIDC user <c>oidc-user</c> enrols a first token in a session of their own (no token yet, so no prompt), as
    /// an authenticator app would; that browser is then closed. Returns the token's secret.
    /// </summary>
    [Fact]
    public async Task The_prompt_warns_when_3_or_fewer_backup_codes_remain()
    {
        var first = await flow.SignInAsync(app);
        await first.EnrolTokenAsync();
        var (setId, codes) = await first.NewSetAsync();
        (await first.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        foreach (var code in codes.Take(8))
            (await app.SpendAsync("oidc-user", code)).Spent.ShouldBeTrue();
        provider.NextUser["acr"] = [OpenIddictProvider.SingleFactorAcr];
        var browser = new BrowserSession(app);

        var (prompt, _) = await flow.FollowAsync(browser, await browser.Client.GetAsync("/tokens"));

        var html = await prompt.Content.ReadAsStringAsync();
        html.ShouldContain("You have 2 backup codes left.");
        html.ShouldContain("Once you are signed in, make a new set");
    }

    private async Task<byte[]> UserWithATokenAsync()
    {
        var first = await flow.SignInAsync(app);
        var (_, secret) = await first.EnrolTokenAsync();
        (await first.MyTokensAsync()).ShouldHaveSingleItem();
        return secret;
    }

    /// <summary>Fills the prompt's form as a person would: the field labelled "Verification code", then "Verify".</summary>
    private static async Task<HttpResponseMessage> SubmitPromptAsync(BrowserSession browser, string promptPath, string html, string code)
    {
        var form = FormWithVerify().Match(html);
        form.Success.ShouldBeTrue("the prompt has a form with a Verify button");
        var formHtml = form.Value;
        var codeFieldId = LabelFor().Match(formHtml).Groups[1].Value;
        var fields = new Dictionary<string, string>();
        foreach (var input in Html.Tags(formHtml, "input"))
        {
            if (Attribute(input, "input", "name") is not { } name)
                continue;
            fields[name] = Attribute(input, "input", "id") == codeFieldId ? code : Attribute(input, "input", "value") ?? "";
        }

        fields.Values.ShouldContain(code, "the prompt has a field labelled Verification code");
        var action = Attribute(formHtml, "form", "action") is { Length: > 0 } target ? target : promptPath;
        return await browser.Client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    private static string? Attribute(string html, string element, string attribute) =>
        Html.AttributeValues(html, element, attribute) is [var first, ..] ? first : null;

    [GeneratedRegex("<form\\b(?:(?!</form>).)*?>\\s*Verify\\s*</button>.*?</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormWithVerify();

    [GeneratedRegex("<label[^>]*\\bfor=\"([^\"]+)\"[^>]*>\\s*Verification code\\s*</label>", RegexOptions.IgnoreCase)]
    private static partial Regex LabelFor();
}
