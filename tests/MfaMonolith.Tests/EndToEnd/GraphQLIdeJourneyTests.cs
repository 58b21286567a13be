using System.Text.RegularExpressions;
using MfaMonolith.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MfaMonolith.Tests.EndToEnd;

/// <summary>
/// Issue 5: an administrator signs in, opens GraphiQL ( served by the product under its own CSP),
/// types a query and sees the answer, with no CSP violation or console error on the way.
/// </summary>
public sealed class GraphQLIdeJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly MfaAppFactory app = new();

    private const string GraphiQLPath = "/graphql/graphiql";

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task An_admin_queries_the_API_clients_in_GraphiQL()
    {
        var address = app.StartOnRealPort();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = address.ToString() });
        var page = await context.NewPageAsync();
        var problems = await BrowserProblems.WatchAsync(page);

        // The demo admin has no token: administrators act only with a second factor (ADR 0015).
        await AdminInBrowser.SignInWithFirstTokenAsync(page, app, GraphiQLPath);
        var editor = page.Locator(".graphiql-query-editor .CodeMirror");
        await Expect(editor).ToBeVisibleAsync();
        // GraphiQL loads the schema by introspection: the documentation explorer then knows the Query type.
        await page.Locator(".graphiql-query-editor .CodeMirror textarea").FocusAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.PressAsync("Delete");
        await page.Keyboard.TypeAsync("{ apiClients { name scopes ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Execute query (Ctrl-Enter)" }).ClickAsync();

        var result = page.Locator(".graphiql-response");
        await Expect(result).ToContainTextAsync("proxyidp-dev");
        await Expect(result).ToContainTextAsync("policy:read");
        await Expect(result).Not.ToContainTextAsync("errors");

        // The schema arrived: the docs explorer lists the root types.
        await page.GetByRole(AriaRole.Button, new() { Name = "Show Documentation Explorer" }).ClickAsync();
        await Expect(page.Locator(".graphiql-doc-explorer")).ToContainTextAsync("Query");

        // GraphiQL's dialogs (settings, shortcuts) open and close under the policy too.
        await page.GetByRole(AriaRole.Button, new() { Name = "Open settings dialog" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).Not.ToBeVisibleAsync();

        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-graphiql.png"), FullPage = true });
        problems.All.ShouldBeEmpty();
    }
}
