using System.Text.Json;
using System.Text.RegularExpressions;
using MfaMonolith.Tests.Support;
using Microsoft.Playwright;
using static MfaMonolith.Tests.EndToEnd.JourneyInBrowser;
using static Microsoft.Playwright.Assertions;

namespace MfaMonolith.Tests.EndToEnd;

/// <summary>
/// The whole journey with JavaScript disabled in Chromium (issue 13: some institutions' browsers block scripts), so
/// every step must work as plain HTML forms, htmx only enhancing: sign in, the first token, backup codes, Service
/// Settings saving what was ticked, log out and sign in again with the second factor.
/// </summary>
public sealed class NoScriptJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Without_JavaScript_the_whole_journey_works_as_plain_HTML_forms()
    {
        var address = app.StartOnRealPort();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = address.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        var problems = await BrowserProblems.WatchAsync(page);

        await page.GotoAsync("/");
        await SignInAsync(page);
        // (No axe here: with scripts disabled the page cannot run it; the journey with JavaScript checks the same pages.)
        var (secret, codes) = await AddFirstTokenAsync(page, app, "Alice's phone", _ => Task.CompletedTask);

        // Download is a plain GET of the PDF.
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Download", Exact = true }).ClickAsync());
        var pdfPath = Path.Combine(app.DataDirectory, "downloaded-no-script.pdf");
        await download.SaveAsAsync(pdfPath);
        BackupCodesPdfText.CodesIn(await File.ReadAllBytesAsync(pdfPath)).ShouldBe(codes, ignoreOrder: true);
        // Print opens the print view; with no script to open the dialog, the browser's own Print prints it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Print", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/backup-codes/print\\??$"));
        (await page.GetByRole(AriaRole.List, new() { Name = "Backup codes" }).Locator("code").AllInnerTextsAsync()).ShouldBe(codes);
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "I have my backup codes", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/setup/done"));

        // Service Settings: she unticks two categories; nothing moves the radio from "All services", and what she
        // ticked is what is saved.
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Service Settings", Exact = true }).ClickAsync();
        // A plain GET form asks for the page with an empty query.
        await Expect(page).ToHaveURLAsync(new Regex("/settings/services\\??$"));
        await Expect(Box(page, "All services")).ToBeCheckedAsync();
        await page.GetByText("Service categories", new() { Exact = true }).ClickAsync();
        await Box(page, "Teaching and learning").UncheckAsync();
        await Box(page, "Administration and finance").UncheckAsync();
        await Expect(Box(page, "All services")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your settings are saved." })).ToBeVisibleAsync();
        (await SavedAsync(context)).ShouldBe("SELECTED, included: research; excluded: ");
        // Without a script the list of services that ask for a code is the one saved.
        var asking = page.GetByRole(AriaRole.Region, new() { Name = "Services that will ask you for a code" });
        await Expect(asking.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Collaboration wiki", "HPC portal (OIDC)", "Research Cloud"]);
        await ScreenshotAsync(page, "e2e-no-script-settings");

        // Then she ticks Teaching and learning again (its services were shown unticked, and no script ticks them) and
        // leaves out the HPC portal: the category counts whole, as the page with a script would have ticked it.
        // A selection opens the list of categories by itself (<details open>).
        await Expect(Box(page, "Only the services selected below")).ToBeCheckedAsync();
        await Expect(Box(page, "Learning platform")).Not.ToBeCheckedAsync();
        await Box(page, "Teaching and learning").CheckAsync();
        await Box(page, "HPC portal (OIDC)").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your settings are saved." })).ToBeVisibleAsync();
        (await SavedAsync(context)).ShouldBe("SELECTED, included: research teaching; excluded: hpc-portal");
        await Expect(Box(page, "Teaching and learning")).ToBeCheckedAsync();
        await Expect(Box(page, "Learning platform")).ToBeCheckedAsync();
        await Expect(Box(page, "HPC portal (OIDC)")).Not.ToBeCheckedAsync();
        await Expect(asking.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Collaboration wiki", "Research Cloud", "Learning platform", "Online exams"]);

        // Log out, and the next sign-in asks for the code her app shows half a minute later.
        await page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Log out", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await SignInAsync(page);
        await Expect(page).ToHaveURLAsync(new Regex("/signin/second-factor"));
        await page.GetByLabel("Verification code", new() { Exact = true }).FillAsync(await Oathtool.CodeAsync(secret, app.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/tokens"));
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Alice's phone", Exact = true })).ToBeVisibleAsync();

        problems.All.ShouldBeEmpty();
    }

    private static ILocator Box(IPage page, string label) => page.GetByLabel(label, new() { Exact = true });

    /// <summary>The saved setting as GraphQL tells it, in one line: "SELECTED, included: a b; excluded: c".</summary>
    private static async Task<string> SavedAsync(IBrowserContext context)
    {
        var response = await context.APIRequest.PostAsync("/graphql", new()
        {
            DataObject = new { query = "{ myServiceSettings { mode includedCategories excludedRelyingParties } }" },
        });
        var saved = JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("data").GetProperty("myServiceSettings");
        static string Sorted(JsonElement list) => string.Join(' ', list.EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        return $"{saved.GetProperty("mode").GetString()}, included: {Sorted(saved.GetProperty("includedCategories"))}; excluded: {Sorted(saved.GetProperty("excludedRelyingParties"))}";
    }
}
