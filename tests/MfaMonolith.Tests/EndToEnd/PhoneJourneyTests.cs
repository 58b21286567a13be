using MfaMonolith.Tests.Support;
using Microsoft.Playwright;
using static MfaMonolith.Tests.EndToEnd.JourneyInBrowser;
using static Microsoft.Playwright.Assertions;

namespace MfaMonolith.Tests.EndToEnd;

/// <summary>
/// The journey on a phone-sized screen, 360 × 740 CSS pixels (issue 13): no page scrolls sideways, the tokens table
/// fits the screen, axe finds nothing serious, and every page is kept as a screenshot (e2e-360-*.png in the temporary folder).
/// </summary>
public sealed class PhoneJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private const int Width = 360;

    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task At_360_pixels_wide_no_page_of_the_journey_scrolls_sideways_and_the_tokens_table_fits()
    {
        var address = app.StartOnRealPort();
        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = address.ToString(),
            ViewportSize = new() { Width = Width, Height = 740 },
        });
        var page = await context.NewPageAsync();
        var problems = await BrowserProblems.WatchAsync(page);
        var seen = new List<string>();
        async Task AtPage(string name)
        {
            await NoSidewaysScrollAsync(page, name);
            await ScreenshotAsync(page, "e2e-360-" + name);
            // The narrow layout is a layout of its own: contrast and names are checked in it too.
            await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, name + " at 360 px");
            seen.Add(name);
        }

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await AtPage("sign-in");
        await SignInAsync(page);
        await AddFirstTokenAsync(page, app, "Alice's work phone (Pixel 7)", AtPage);
        await page.GetByRole(AriaRole.Button, new() { Name = "I have my backup codes", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/setup/done"));
        await AtPage("done");

        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Service Settings", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/settings/services"));
        await page.GetByText("Service categories", new() { Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("HPC portal (OIDC)", new() { Exact = true })).ToBeVisibleAsync();
        await AtPage("service-settings");

        await page.GotoAsync("/tokens");
        var table = page.GetByRole(AriaRole.Table);
        await Expect(table.GetByRole(AriaRole.Cell, new() { Name = "Alice's work phone (Pixel 7)", Exact = true })).ToBeVisibleAsync();
        await AtPage("my-tokens");
        await TableFitsAsync(table, "tokens");
        await Expect(table.GetByRole(AriaRole.Link, new() { NameRegex = new("^Remove") })).ToBeInViewportAsync();

        foreach (var (path, name) in new[] { ("/backup-codes", "my-backup-codes"), ("/help", "help"), ("/activity", "activity") })
        {
            await page.GotoAsync(path);
            await AtPage(name);
        }

        // The activity table has a box of its own that would scroll, but with words broken where they must it fits.
        await TableFitsAsync(page.GetByRole(AriaRole.Table), "security activity");

        // The second-factor prompt of the next sign-in.
        await page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Log out", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await SignInAsync(page);
        await Expect(page.GetByLabel("Verification code", new() { Exact = true })).ToBeVisibleAsync();
        await AtPage("second-factor");

        seen.Count.ShouldBe(14);
        problems.All.ShouldBeEmpty();
    }

    /// <summary>Readable: every cell of the table lies within the screen, none cut off or off to the side.</summary>
    private static async Task TableFitsAsync(ILocator table, string name)
    {
        foreach (var cell in await table.Locator("th, td").AllAsync())
        {
            var box = (await cell.BoundingBoxAsync()).ShouldNotBeNull();
            (box.X >= 0 && box.X + box.Width <= Width).ShouldBeTrue(
                $"a cell of the {name} table reaches {box.X}–{box.X + box.Width} px on a {Width} px screen: {await cell.InnerTextAsync()}");
        }
    }

    /// <summary>The page is no wider than the screen: nothing to scroll to sideways.</summary>
    private static async Task NoSidewaysScrollAsync(IPage page, string name)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        if (widths[0] <= widths[1])
            return;
        // Name what sticks out, so the failure says which CSS to fix.
        var wide = await page.EvaluateAsync<string[]>(
            """
            (width) => [...document.body.querySelectorAll('*')]
                .filter(e => e.getBoundingClientRect().right > width + 0.5)
                .slice(0, 8)
                .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + e.className : ''} reaches ${Math.round(e.getBoundingClientRect().right)} px`)
            """, widths[1]);
        widths[0].ShouldBeLessThanOrEqualTo(widths[1], $"the {name} page ({page.Url}) scrolls sideways at {Width} px: {string.Join("; ", wide)}");
    }
}
