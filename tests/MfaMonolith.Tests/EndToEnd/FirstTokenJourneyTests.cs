using System.Text.RegularExpressions;
using MfaMonolith.Tests.Support;
using Microsoft.Playwright;
using static MfaMonolith.Tests.EndToEnd.JourneyInBrowser;
using static Microsoft.Playwright.Assertions;

namespace MfaMonolith.Tests.EndToEnd;

/// <summary>
/// The seed journey in a real browser against the real Host on a real port: sign in, set up the first token from the
/// page's own secret, then find that the next sign-in asks for a code. Driven only by the accessible names the product
/// contract promises; the server runs on the fake clock, so every TOTP step is chosen, not waited for.
/// </summary>
public sealed partial class FirstTokenJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Alice_sets_up_her_first_token_in_the_browser_and_the_next_sign_in_asks_for_a_code()
    {
        var address = app.StartOnRealPort();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = address.ToString(), Permissions = ["clipboard-read", "clipboard-write"] });
        var page = await context.NewPageAsync();
        // Headless Chromium has no print dialog: note that the page asked for one.
        await page.AddInitScriptAsync("window.print = () => { window.__printDialogOpened = true; };");
        var problems = await BrowserProblems.WatchAsync(page);

        // A user without a token signs in with a password and is sent to set one up.
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "sign-in");
        await SignInAsync(page);
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens/new"));
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "new token");
        await page.GetByRole(AriaRole.Button, new() { Name = "I have a verification app", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Description", new() { Exact = true })).ToBeVisibleAsync();
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "description");
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("Alice's phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();

        // The enrolment page shows the token three ways: QR code, otpauth:// link, grouped secret.
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens/enrol"));
        var qrCode = page.GetByRole(AriaRole.Img, new() { Name = "QR code" });
        await Expect(qrCode).ToBeVisibleAsync();
        await Expect(qrCode).ToHaveAccessibleNameAsync(new Regex("QR code"));
        (await qrCode.EvaluateAsync<int>("img => img.naturalWidth")).ShouldBeGreaterThan(0, "the QR code image did not load");
        var href = await page.Locator("a[href^='otpauth:']").GetAttributeAsync("href");
        href.ShouldNotBeNull();
        href.ShouldStartWith("otpauth://totp/");
        var secret = SecretParameter().Match(href).Groups[1].Value;
        secret.Length.ShouldBeGreaterThanOrEqualTo(32, "at least 160 bits in base32");
        (await page.GetByLabel("Secret", new() { Exact = true }).InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ShouldBe(secret);
        // The copy button gives the secret without its grouping spaces, as an app's "enter a key" field wants it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy the secret", Exact = true }).ClickAsync();
        (await page.EvaluateAsync<string>("() => navigator.clipboard.readText()")).ShouldBe(secret);
        await Expect(page.GetByText("on the phone that has the app, tapping this link opens it")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "e2e-enrol");
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "enrolment");

        // A wrong code keeps the user on the page and says so.
        var codeField = page.GetByLabel("Verification code", new() { Exact = true });
        var verifyToken = page.GetByRole(AriaRole.Button, new() { Name = "Verify Token", Exact = true });
        await codeField.FillAsync(await Oathtool.WrongCodeAsync(secret, app.Clock.GetUtcNow()));
        await verifyToken.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not right");
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens/enrol"));
        await Expect(qrCode).ToBeVisibleAsync();
        await ScreenshotAsync(page, "e2e-enrol-wrong-code");
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "enrolment with a wrong code");

        // The code the app shows now verifies the token, and the first setup goes on: activation, then backup codes.
        await codeField.FillAsync(await Oathtool.CodeAsync(secret, app.Clock.GetUtcNow()));
        await verifyToken.ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/setup/verified"));
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "token verified");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(
            "Multi-Factor Authentication is now activated to access all services behind the ProxyIdP");
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "activated");
        await page.GetByRole(AriaRole.Button, new() { Name = "OK", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/setup/backup-codes"));
        var codes = (await page.GetByRole(AriaRole.List, new() { Name = "Backup codes" }).Locator("code").AllInnerTextsAsync()).ToList();
        codes.Count.ShouldBe(10);
        await ScreenshotAsync(page, "e2e-backup-codes");
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "backup codes");

        // Download gives a PDF with exactly these codes.
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Download", Exact = true }).ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".pdf");
        var pdfPath = Path.Combine(app.DataDirectory, "downloaded.pdf");
        await download.SaveAsAsync(pdfPath);
        BackupCodesPdfText.CodesIn(await File.ReadAllBytesAsync(pdfPath)).ShouldBe(codes, ignoreOrder: true);

        // Print opens the print view, whose script opens the browser's print dialog.
        await page.GetByRole(AriaRole.Button, new() { Name = "Print", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/backup-codes/print\\??$"));
        await page.WaitForFunctionAsync("() => window.__printDialogOpened === true");
        (await page.GetByRole(AriaRole.List, new() { Name = "Backup codes" }).Locator("code").AllInnerTextsAsync()).ShouldBe(codes);
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "print view");
        await page.GoBackAsync();

        // Going on requires confirming the codes are saved; then the done page offers Log out and Service Settings.
        await page.GetByRole(AriaRole.Button, new() { Name = "I have my backup codes", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/setup/done"));
        var main = page.Locator("main");
        await Expect(main.GetByRole(AriaRole.Button, new() { Name = "Service Settings", Exact = true })).ToBeVisibleAsync();
        await Expect(main.GetByRole(AriaRole.Button, new() { Name = "Log out", Exact = true })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "e2e-done");
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "done");

        // Service Settings: she keeps MFA for research and teaching only, without the HPC portal.
        await main.GetByRole(AriaRole.Button, new() { Name = "Service Settings", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/settings/services"));
        await Expect(Box(page, "All services")).ToBeCheckedAsync();
        // Plain words for the choice, and the services that will ask for a code under it.
        await Expect(Box(page, "Only the services selected below")).ToHaveAccessibleDescriptionAsync(new Regex("a service you tick below asks for a code"));
        var asking = page.GetByRole(AriaRole.Region, new() { Name = "Services that will ask you for a code" });
        await Expect(asking.GetByText("All services behind the ProxyIdP")).ToBeVisibleAsync();
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "service settings");
        await page.GetByText("Service categories", new() { Exact = true }).ClickAsync();
        await Expect(Box(page, "Research infrastructure")).ToBeCheckedAsync();
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "service settings, categories open");
        await Expect(Box(page, "Online exams")).ToBeCheckedAsync();
        await Box(page, "Administration and finance").ClickAsync();
        // site.js: unchecking a category unchecks its services, and choosing categories chooses "Only the services selected".
        await Expect(Box(page, "ERP and payroll")).Not.ToBeCheckedAsync();
        await Expect(Box(page, "HR self-service")).Not.ToBeCheckedAsync();
        await Expect(Box(page, "Only the services selected below")).ToBeCheckedAsync();
        await Expect(Box(page, "All services")).Not.ToBeCheckedAsync();
        // The list follows the ticks, and a screen reader hears how many.
        await Expect(asking.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Collaboration wiki", "HPC portal (OIDC)", "Research Cloud", "Learning platform", "Online exams"]);
        await Expect(asking).ToContainTextAsync("5 services will ask you for a code.");
        await Expect(asking.GetByText("All services behind the ProxyIdP")).ToBeHiddenAsync();
        await Box(page, "Teaching and learning").ClickAsync();
        await Expect(Box(page, "Learning platform")).Not.ToBeCheckedAsync();
        // Checking a category checks its services.
        await Box(page, "Teaching and learning").ClickAsync();
        await Expect(Box(page, "Learning platform")).ToBeCheckedAsync();
        await Expect(Box(page, "Online exams")).ToBeCheckedAsync();
        // Checking a service of an unchecked category checks the category, not its other services; then she changes her mind.
        await Box(page, "HR self-service").ClickAsync();
        await Expect(Box(page, "Administration and finance")).ToBeCheckedAsync();
        await Expect(Box(page, "ERP and payroll")).Not.ToBeCheckedAsync();
        await Box(page, "Administration and finance").ClickAsync();
        await Expect(Box(page, "HR self-service")).Not.ToBeCheckedAsync();
        await Box(page, "HPC portal (OIDC)").ClickAsync();
        await Expect(Box(page, "HPC portal (OIDC)")).Not.ToBeCheckedAsync();
        await Expect(Box(page, "Research infrastructure")).ToBeCheckedAsync();
        // Unticking the last service of a category unticks the category, and ticking it again brings its services back.
        await Box(page, "Learning platform").ClickAsync();
        await Box(page, "Online exams").ClickAsync();
        await Expect(Box(page, "Teaching and learning")).Not.ToBeCheckedAsync();
        await Expect(asking.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Collaboration wiki", "Research Cloud"]);
        await Box(page, "Teaching and learning").ClickAsync();
        await Expect(asking.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Collaboration wiki", "Research Cloud", "Learning platform", "Online exams"]);

        // Saving needs the code her app shows now: half a minute on, a step not yet used.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await page.GetByLabel("Verification code", new() { Exact = true }).FillAsync(await Oathtool.CodeAsync(secret, app.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your settings are saved.");
        await ScreenshotAsync(page, "e2e-settings");
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "service settings, saved");
        var settings = await context.APIRequest.PostAsync("/graphql", new()
        {
            DataObject = new { query = "{ myServiceSettings { mode includedCategories excludedRelyingParties status } }" },
        });
        var saved = System.Text.Json.JsonDocument.Parse(await settings.TextAsync()).RootElement.GetProperty("data").GetProperty("myServiceSettings");
        saved.GetProperty("mode").GetString().ShouldBe("SELECTED");
        saved.GetProperty("includedCategories").EnumerateArray().Select(c => c.GetString()).ShouldBe(["research", "teaching"], ignoreOrder: true);
        saved.GetProperty("excludedRelyingParties").EnumerateArray().Select(c => c.GetString()).ShouldBe(["hpc-portal"]);
        saved.GetProperty("status").GetString().ShouldBe("ENFORCED_PARTIALLY");
        await page.ReloadAsync();
        await Expect(Box(page, "Only the services selected below")).ToBeCheckedAsync();
        await Expect(asking.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Collaboration wiki", "Research Cloud", "Learning platform", "Online exams"]);
        await Expect(Box(page, "Research infrastructure")).ToBeCheckedAsync();
        await Expect(Box(page, "Teaching and learning")).ToBeCheckedAsync();
        await Expect(Box(page, "Administration and finance")).Not.ToBeCheckedAsync();
        await Expect(Box(page, "HPC portal (OIDC)")).Not.ToBeCheckedAsync();
        await Expect(Box(page, "Research Cloud")).ToBeCheckedAsync();
        await Expect(Box(page, "HR self-service")).Not.ToBeCheckedAsync();
        await page.GotoAsync("/tokens");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Alice's phone", Exact = true })).ToBeVisibleAsync();
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "my tokens");

        // Help and her security activity, linked from every page.
        await page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Help", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/help"));
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "help");
        await page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Security activity", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/activity"));
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "security activity");

        // Half a minute later she logs out and signs in again: now the password alone is not enough.
        await page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Log out", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "signed out");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await SignInAsync(page);
        await Expect(page).ToHaveURLAsync(new Regex("/signin/second-factor"));
        await Expect(page.GetByLabel("Verification code", new() { Exact = true })).ToBeVisibleAsync();
        var verify = page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true });
        await Expect(verify).ToBeVisibleAsync();
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "second-factor prompt");

        // Until she types a code, My tokens stays out of reach; the prompt is still there when she comes back to it.
        await page.GotoAsync("/tokens");
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();

        // The code her app shows now (a new step, half a minute after the one spent on enrolling) lets her in.
        await page.GotoAsync("/signin/second-factor");
        await page.GetByLabel("Verification code", new() { Exact = true }).FillAsync(await Oathtool.CodeAsync(secret, app.Clock.GetUtcNow()));
        await verify.ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens"));
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Alice's phone", Exact = true })).ToBeVisibleAsync();

        // Six minutes on, adding a second token first asks for a code now: the step-up prompt, then a wrong code in it.
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a token", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "I have a verification app", Exact = true }).ClickAsync();
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("Alice's tablet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToBeVisibleAsync();
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "step-up prompt");
        await page.GetByLabel("Verification code", new() { Exact = true }).FillAsync(await Oathtool.WrongCodeAsync(secret, app.Clock.GetUtcNow()));
        await verify.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not right");
        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "step-up prompt with a wrong code");

        problems.All.ShouldBeEmpty();
    }

    private static ILocator Box(IPage page, string label) => page.GetByLabel(label, new() { Exact = true });

    [GeneratedRegex("[?&]secret=([A-Z2-7]+)")]
    private static partial Regex SecretParameter();
}
