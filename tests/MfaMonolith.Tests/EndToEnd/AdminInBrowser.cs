using System.Text.RegularExpressions;
using MfaMonolith.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MfaMonolith.Tests.EndToEnd;

/// <summary>
/// The demo administrator in a browser: signs in from <paramref name="startPath"/>, is told that an admin needs a second
/// factor (ADR 0015), enrols a first token, which counts as this session's second factor, and opens the page again.
/// </summary>
internal static class AdminInBrowser
{
    /// <returns>The admin token's base32 secret, for codes later on.</returns>
    public static async Task<string> SignInWithFirstTokenAsync(IPage page, MfaAppFactory app, string startPath)
    {
        await page.GotoAsync(startPath);
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync("admin");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("admin-demo-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));

        await page.GotoAsync(startPath);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Enrol a token first" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a verification-code token" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "I have a verification app", Exact = true }).ClickAsync();
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("Admin phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        var href = await page.Locator("a[href^='otpauth:']").GetAttributeAsync("href");
        var secret = Regex.Match(href!, "[?&]secret=([A-Z2-7]+)").Groups[1].Value;
        await page.GetByLabel("Verification code", new() { Exact = true }).FillAsync(await Oathtool.CodeAsync(secret, app.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify Token", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/setup/verified$"));
        await page.GotoAsync(startPath);
        return secret;
    }
}
