using System.Text.Json;
using System.Text.RegularExpressions;
using MfaMonolith.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MfaMonolith.Tests.EndToEnd;

/// <summary>
/// Issue 14 in a real browser: Chromium's virtual authenticator (CDP <c>WebAuthn.addVirtualAuthenticator</c>) plays the
/// security key. A user with a verification app registers a key from My tokens, signs in and steps up with it alone
/// (the inline code field and the prompt), renames and removes it; a copy of the key with a counter that went back is
/// refused (CLONED_KEY); the same key is not registered twice; removing the last app beside a key still asks her to
/// confirm; a key out of reach leaves the code; a user with only a verification app is offered no key anywhere.
/// The page origin is http://localhost:PORT, the one origin configured for WebAuthn. No console error, no CSP violation.
/// </summary>
public sealed partial class SecurityKeyJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Alice_registers_a_security_key_signs_in_and_steps_up_with_it_alone_and_removes_it()
    {
        await using var browser = await BrowserWithSecurityKeyAsync();
        var (page, problems) = (browser.Page, browser.Problems);
        var secret = await SetUpFirstTokenAsync(page);

        await RegisterKeyAsync(page, secret, "Alice's key");
        await ScreenshotAsync(page, "e2e-key-registered");

        // She signs out; the password, then the key, and no code typed, let her in.
        await LogOutAsync(page);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await SignInWithPasswordAsync(page);
        await Expect(page).ToHaveURLAsync(new Regex("/signin/second-factor"));
        var useKey = page.GetByRole(AriaRole.Button, new() { Name = "Use a security key", Exact = true });
        await Expect(useKey).ToBeVisibleAsync();
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "second factor with a security key");
        await ScreenshotAsync(page, "e2e-key-second-factor");
        await useKey.ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens"));
        await Expect(KeyRow(page, "Alice's key")).ToBeVisibleAsync();
        await Expect(KeyRow(page, "Alice's key").GetByRole(AriaRole.Cell).Nth(2)).Not.ToHaveTextAsync("never");

        // Saving Service Settings once the sign-in's second factor is old: the key answers the code field.
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await page.GotoAsync("/settings/services");
        await page.GetByText("Service categories", new() { Exact = true }).ClickAsync();
        await page.GetByLabel("HPC portal (OIDC)", new() { Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Verification code", new() { Exact = true })).ToHaveAttributeAsync("required", "");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a security key", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your settings are saved.");
        await Expect(page.GetByLabel("HPC portal (OIDC)", new() { Exact = true })).Not.ToBeCheckedAsync();

        // A step-up through the prompt (adding another token once the second factor is old): the key answers it, and
        // the change carries on with the description she had typed.
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await page.GotoAsync("/tokens");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a token", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "I have a verification app", Exact = true }).ClickAsync();
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("Alice's tablet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToBeVisibleAsync();
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "step-up prompt with a security key");
        await ScreenshotAsync(page, "e2e-key-step-up-prompt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a security key", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens/enrol"));
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code" })).ToBeVisibleAsync();

        // Renaming is the same inline form as for an app, and the row still says what it is.
        await page.GotoAsync("/tokens");
        await page.GetByRole(AriaRole.Link, new() { Name = "Rename Alice's key", Exact = true }).ClickAsync();
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("Alice's YubiKey");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save name", Exact = true }).ClickAsync();
        await Expect(KeyRow(page, "Alice's YubiKey")).ToBeVisibleAsync();

        // The code field of a sensitive change (Remove) takes the key too, once the step-up has run out again.
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await page.GotoAsync("/tokens");
        await page.GetByRole(AriaRole.Link, new() { Name = "Remove Alice's YubiKey", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Verification code", new() { Exact = true })).ToHaveAttributeAsync("required", "");
        await ScreenshotAsync(page, "e2e-key-remove");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a security key", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens?removed=one"));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("The token was removed.");
        await Expect(page.GetByText("(security key)")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Alice's phone", Exact = true })).ToBeVisibleAsync();

        // Without a key, the sign-in offers none: the code is the way in again.
        await LogOutAsync(page);
        await SignInWithPasswordAsync(page);
        await Expect(page.GetByLabel("Verification code", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-security-key-use]")).ToHaveCountAsync(0);

        problems.All.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_copy_of_the_key_whose_counter_went_back_is_refused_and_the_audit_says_CLONED_KEY()
    {
        await using var browser = await BrowserWithSecurityKeyAsync();
        var (page, problems, authenticator) = (browser.Page, browser.Problems, browser.Authenticator);
        var secret = await SetUpFirstTokenAsync(page);
        await RegisterKeyAsync(page, secret, "Alice's key");

        // One sign-in with the key moves the stored counter on.
        await LogOutAsync(page);
        await SignInWithPasswordAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a security key", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens"));

        // A clone: the same private key, on a device whose counter starts again at 0.
        var credential = (await authenticator.CredentialsAsync()).ShouldHaveSingleItem();
        credential.GetProperty("signCount").GetInt64().ShouldBeGreaterThan(0);
        await authenticator.ReplaceWithCounterAsync(credential, 0);

        await LogOutAsync(page);
        await SignInWithPasswordAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a security key", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "This security key was refused: it may have been copied." })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin/second-factor"));
        await ScreenshotAsync(page, "e2e-key-cloned");
        // Still not signed in: My tokens stays out of reach.
        await page.GotoAsync("/tokens");
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?"));

        var admin = await BrowserSession.SignInAsAdminAsync(app);
        var rejected = await EventuallyAsync(async () =>
        {
            var answer = await admin.GraphQLAsync("""{ auditEvents(userId: "alice", type: VERIFICATION_REJECTED) { nodes { method reason } } }""");
            return answer.GetProperty("data").GetProperty("auditEvents").GetProperty("nodes").EnumerateArray()
                .Select(n => (Method: n.GetProperty("method").GetString(), Reason: n.GetProperty("reason").GetString())).ToList();
        }, events => events.Count > 0);
        rejected.ShouldContain(("WEBAUTHN", "CLONED_KEY"));

        problems.All.ShouldBeEmpty();
    }

    [Fact]
    public async Task Removing_her_last_verification_app_beside_a_key_needs_her_confirmation_also_when_the_key_answers_the_step_up()
    {
        await using var browser = await BrowserWithSecurityKeyAsync();
        var page = browser.Page;
        var secret = await SetUpFirstTokenAsync(page);
        await RegisterKeyAsync(page, secret, "Alice's key");
        var challenges = 0;
        page.Request += (_, request) => challenges += request.Url.EndsWith("/security-key", StringComparison.Ordinal) ? 1 : 0;

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await page.GetByRole(AriaRole.Link, new() { Name = "Remove Alice's phone", Exact = true }).ClickAsync();
        var confirm = page.GetByLabel("I will sign in with my security keys only", new() { Exact = true });
        await Expect(confirm).Not.ToBeCheckedAsync();
        var useKey = page.GetByRole(AriaRole.Button, new() { Name = "Use a security key", Exact = true });

        // Unticked, the browser stops the form before the key is even asked: the key answers the code, not the question.
        await useKey.ClickAsync();
        (await confirm.EvaluateAsync<bool>("box => box.validity.valueMissing")).ShouldBeTrue();
        await Expect(page).ToHaveURLAsync(new Regex("/remove$"));
        challenges.ShouldBe(0);
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Alice's phone" })).ToHaveCountAsync(0);

        await confirm.CheckAsync();
        await useKey.ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens?removed=one"));
        challenges.ShouldBe(1);
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Alice's phone", Exact = true })).ToHaveCountAsync(0);
        await Expect(KeyRow(page, "Alice's key")).ToBeVisibleAsync();

        // From now on the key alone is her second factor.
        await LogOutAsync(page);
        await SignInWithPasswordAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a security key", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens"));
        await Expect(KeyRow(page, "Alice's key")).ToBeVisibleAsync();

        browser.Problems.All.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_same_key_cannot_be_registered_twice_and_the_page_says_so()
    {
        await using var browser = await BrowserWithSecurityKeyAsync();
        var page = browser.Page;
        var secret = await SetUpFirstTokenAsync(page);
        await RegisterKeyAsync(page, secret, "Alice's key");

        // A second key: this time the registered one answers the step-up, but only once the description is there.
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a security key", Exact = true }).ClickAsync();
        var useKey = page.GetByRole(AriaRole.Button, new() { Name = "Use a security key", Exact = true });
        await useKey.ClickAsync();
        (await page.GetByLabel("Description", new() { Exact = true }).EvaluateAsync<bool>("field => field.validity.valueMissing")).ShouldBeTrue();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add a security key" })).ToBeVisibleAsync();
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("The same key again");
        await useKey.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Use your security key" })).ToBeVisibleAsync();

        // The browser's authenticator holds a credential the options exclude: it refuses, and the page says why.
        await page.GetByRole(AriaRole.Button, new() { Name = "Register the security key", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This security key is registered already.");
        await ScreenshotAsync(page, "e2e-key-registered-twice");
        (await browser.Authenticator.CredentialsAsync()).Count.ShouldBe(1);
        await page.GotoAsync("/tokens");
        await Expect(page.GetByText("(security key)")).ToHaveCountAsync(1);

        browser.Problems.All.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_key_the_browser_cannot_reach_says_to_try_again_or_type_a_code_and_the_code_still_works()
    {
        await using var browser = await BrowserWithSecurityKeyAsync();
        var page = browser.Page;
        var secret = await SetUpFirstTokenAsync(page);
        await RegisterKeyAsync(page, secret, "Alice's key");
        // The key is left at home: the browser's authenticator no longer holds it.
        await browser.Authenticator.RemoveAsync((await browser.Authenticator.CredentialsAsync()).ShouldHaveSingleItem());

        await LogOutAsync(page);
        await SignInWithPasswordAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a security key", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The security key did not answer: it was cancelled or timed out. Try again, or type a code.");
        await Expect(page).ToHaveURLAsync(new Regex("/signin/second-factor"));
        await page.GetByLabel("Verification code", new() { Exact = true }).FillAsync(await Oathtool.CodeAsync(secret, app.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens"));

        browser.Problems.All.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_user_with_only_a_verification_app_is_offered_no_security_key_at_sign_in_or_step_up()
    {
        await using var browser = await BrowserWithSecurityKeyAsync();
        var (page, problems) = (browser.Page, browser.Problems);
        var secret = await SetUpFirstTokenAsync(page);
        await page.GotoAsync("/tokens");
        // The way to add one is there, beside her app.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add a security key", Exact = true })).ToBeVisibleAsync();

        await LogOutAsync(page);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await SignInWithPasswordAsync(page);
        await Expect(page).ToHaveURLAsync(new Regex("/signin/second-factor"));
        await Expect(page.GetByLabel("Verification code", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-security-key-use], [data-security-key-challenge]")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "e2e-totp-only-second-factor");
        await page.GetByLabel("Verification code", new() { Exact = true }).FillAsync(await Oathtool.CodeAsync(secret, app.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens"));

        // Nor at a step-up: the inline code field of Remove, and the prompt of Add a token.
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await page.GetByRole(AriaRole.Link, new() { Name = "Remove Alice's phone", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Verification code", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-security-key-use]")).ToHaveCountAsync(0);
        await page.GotoAsync("/tokens/new/description");
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("Alice's tablet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-security-key-use]")).ToHaveCountAsync(0);

        problems.All.ShouldBeEmpty();
    }

    private async Task<KeyBrowser> BrowserWithSecurityKeyAsync()
    {
        var address = app.StartOnLocalhost();
        var context = await chromium.Browser.NewContextAsync(new() { BaseURL = address.ToString() });
        var page = await context.NewPageAsync();
        var problems = await BrowserProblems.WatchAsync(page);
        var authenticator = await VirtualAuthenticator.AddAsync(await context.NewCDPSessionAsync(page));
        return new KeyBrowser(context, page, problems, authenticator);
    }

    private sealed record KeyBrowser(IBrowserContext Context, IPage Page, BrowserProblems Problems, VirtualAuthenticator Authenticator) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Context.DisposeAsync();
    }

    /// <summary>Signs alice in with her password and sets up her first token ("Alice's phone") through the pages, to the done page.</summary>
    /// <returns>The token's base32 secret, for oathtool.</returns>
    private async Task<string> SetUpFirstTokenAsync(IPage page)
    {
        await page.GotoAsync("/");
        await SignInWithPasswordAsync(page);
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens/new"));
        await page.GetByRole(AriaRole.Button, new() { Name = "I have a verification app", Exact = true }).ClickAsync();
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("Alice's phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        var href = await page.Locator("a[href^='otpauth:']").GetAttributeAsync("href");
        var secret = SecretParameter().Match(href!).Groups[1].Value;
        await page.GetByLabel("Verification code", new() { Exact = true }).FillAsync(await Oathtool.CodeAsync(secret, app.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify Token", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/setup/verified"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "OK", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "I have my backup codes", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/setup/done"));
        // The next code her app shows is a step on: the one spent on enrolling is never accepted again.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return secret;
    }

    /// <summary>
    /// From My tokens, six minutes after the last second factor: Add a security key, a description and the code her app
    /// shows now (the step-up it takes), then the key's ceremony.
    /// </summary>
    private async Task RegisterKeyAsync(IPage page, string secret, string description)
    {
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await page.GotoAsync("/tokens");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a security key", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens/security-key/new"));
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "add a security key");
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync(description);
        var code = page.GetByLabel("Verification code", new() { Exact = true });
        await Expect(code).ToHaveAttributeAsync("required", "");
        await code.FillAsync(await Oathtool.CodeAsync(secret, app.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Use your security key" })).ToBeVisibleAsync();
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "use your security key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register the security key", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens?enrolled=key"));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Your security key is registered and active.");
        await Expect(KeyRow(page, description)).ToBeVisibleAsync();
        // Her app's next code is a step on: the one typed here is never accepted again.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
    }

    private static ILocator KeyRow(IPage page, string description) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = $"{description} (security key)", Exact = true }) });

    private static async Task SignInWithPasswordAsync(IPage page)
    {
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync("alice");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("alice-demo-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    private static async Task LogOutAsync(IPage page)
    {
        await page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Log out", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>The audit log is written by the outbox a moment after the change: asked again until it holds.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> holds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = await read();
            if (holds(value) || DateTime.UtcNow > deadline)
                return value;
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// A full-page picture for a person to look at (the caret as it is, see <see cref="FirstTokenJourneyTests"/>).
    /// </summary>
    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), name + ".png"), FullPage = true, Caret = ScreenshotCaret.Initial });

    private static Regex EndsWith(string pathAndQuery) => new(Regex.Escape(pathAndQuery) + "$");

    [GeneratedRegex("[?&]secret=([A-Z2-7]+)")]
    private static partial Regex SecretParameter();

    /// <summary>Chromium's virtual authenticator through CDP: a USB CTAP2 key with passkeys and user verification, always touched.</summary>
    private sealed class VirtualAuthenticator(ICDPSession cdp, string id)
    {
        public static async Task<VirtualAuthenticator> AddAsync(ICDPSession cdp)
        {
            await cdp.SendAsync("WebAuthn.enable");
            var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
            {
                ["options"] = new Dictionary<string, object>
                {
                    ["protocol"] = "ctap2", ["transport"] = "usb", ["hasResidentKey"] = true, ["hasUserVerification"] = true,
                    ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
                },
            });
            return new VirtualAuthenticator(cdp, added!.Value.GetProperty("authenticatorId").GetString()!);
        }

        public async Task<IReadOnlyList<JsonElement>> CredentialsAsync()
        {
            var answer = await cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = id });
            return [.. answer!.Value.GetProperty("credentials").EnumerateArray().Select(c => c.Clone())];
        }

        public async Task RemoveAsync(JsonElement credential) =>
            await cdp.SendAsync("WebAuthn.removeCredential", new Dictionary<string, object>
            {
                ["authenticatorId"] = id, ["credentialId"] = credential.GetProperty("credentialId").GetString()!,
            });

        /// <summary>The same credential (id, private key, user handle) again, with its signature counter set to <paramref name="signCount"/>.</summary>
        public async Task ReplaceWithCounterAsync(JsonElement credential, long signCount)
        {
            await RemoveAsync(credential);
            var copy = credential.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value.Clone());
            copy["signCount"] = signCount;
            await cdp.SendAsync("WebAuthn.addCredential", new Dictionary<string, object> { ["authenticatorId"] = id, ["credential"] = copy });
            (await CredentialsAsync()).ShouldHaveSingleItem().GetProperty("signCount").GetInt64().ShouldBe(signCount);
        }
    }
}
