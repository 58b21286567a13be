using System.Text.RegularExpressions;
using MfaMonolith.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MfaMonolith.Tests.EndToEnd;

/// <summary>
/// The steps of the seed journey that several browser tests walk, driven by the accessible names of the product
/// contract. <c>atPage</c> is called on each page reached, with a short name for it (a check, a screenshot).
/// </summary>
internal static partial class JourneyInBrowser
{
    public static async Task SignInAsync(IPage page, string user = "alice", string? password = null)
    {
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(user);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password ?? user + "-demo-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    /// <summary>
    /// From "Add a verification-code token" to the first setup's backup codes: description, the page's own secret, the
    /// code oathtool makes of it, Continue, OK.
    /// </summary>
    /// <returns>The token's base32 secret and the backup codes shown.</returns>
    public static async Task<(string Secret, IReadOnlyList<string> Codes)> AddFirstTokenAsync(IPage page, MfaAppFactory app, string description, Func<string, Task> atPage)
    {
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens/new"));
        await atPage("new-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "I have a verification app", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Description", new() { Exact = true })).ToBeVisibleAsync();
        await atPage("description");
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync(description);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(EndsWith("/tokens/enrol"));
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code" })).ToBeVisibleAsync();
        await atPage("enrol");
        var secret = SecretOf(await page.Locator("a[href^='otpauth:']").GetAttributeAsync("href"));
        await page.GetByLabel("Verification code", new() { Exact = true }).FillAsync(await Oathtool.CodeAsync(secret, app.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify Token", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(EndsWith("/setup/verified"));
        await atPage("verified");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(
            "Multi-Factor Authentication is now activated to access all services behind the ProxyIdP");
        await atPage("activated");
        await page.GetByRole(AriaRole.Button, new() { Name = "OK", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(EndsWith("/setup/backup-codes"));
        var codes = await page.GetByRole(AriaRole.List, new() { Name = "Backup codes" }).Locator("code").AllInnerTextsAsync();
        codes.Count.ShouldBe(10);
        await atPage("backup-codes");
        return (secret, [.. codes]);
    }

    public static string SecretOf(string? otpauthHref)
    {
        otpauthHref.ShouldNotBeNull("the enrolment page has no otpauth:// link");
        otpauthHref.ShouldStartWith("otpauth://totp/");
        return SecretParameter().Match(otpauthHref).Groups[1].Value;
    }

    /// <summary>
    /// A full-page picture for a person to look at, kept in the temporary folder as the tests' artefact. The caret stays
    /// as it is: hiding it makes Playwright write style attributes into the inputs, which htmx later copies while
    /// settling a swap and the CSP then (rightly) reports.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), name + ".png"), FullPage = true, Caret = ScreenshotCaret.Initial });

    public static Regex EndsWith(string pathAndQuery) => new(Regex.Escape(pathAndQuery) + "$");

    [GeneratedRegex("[?&]secret=([A-Z2-7]+)")]
    private static partial Regex SecretParameter();
}
