using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using MfaMonolith.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MfaMonolith.Tests.EndToEnd;

/// <summary>
/// Issue 16: Banana Cake Pop, self-hosted at /graphql/ui/. An administrator with a second factor sees the schema,
/// queries a user's tokens, and steps up from the IDE when an admin mutation asks; nothing it asks for leaves
/// 127.0.0.1 (every other host is refused, and none was even tried), and no CSP violation or console error occurs.
/// </summary>
public sealed class BananaCakePopJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task An_admin_sees_the_schema_queries_a_users_token_and_steps_up_with_nothing_leaving_the_machine()
    {
        var address = app.StartOnRealPort();
        await BrowserSession.SignInWithTokenAsync(app, "alice");

        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = address.ToString() });
        var elsewhere = new ConcurrentQueue<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Host == address.Host)
                await route.ContinueAsync();
            else
            {
                elsewhere.Enqueue(route.Request.Url);
                await route.AbortAsync("blockedbyclient");
            }
        });
        var page = await context.NewPageAsync();
        var problems = await BrowserProblems.WatchAsync(page);

        var adminSecret = await AdminInBrowser.SignInWithFirstTokenAsync(page, app, "/graphql/ui");
        await Expect(page).ToHaveURLAsync(new Uri(address, "/graphql/ui/").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Create Document" }).ClickAsync();
        // The IDE introspects /graphql with the admin's session.
        await Expect(page.GetByText("Schema available")).ToBeVisibleAsync();

        await RunAsync(page, """{ adminUser(userId: "alice") { userId tokens { description state } } }""");
        await Expect(Response(page)).ToContainTextAsync("\"description\": \"Phone\"");
        await Expect(Response(page)).ToContainTextAsync("\"state\": \"ACTIVE\"");

        // Once the session's second factor is older than Mfa:StepUp:MaxAge, an admin mutation says which one to run.
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        const string unlock = """mutation { unlockUser(userId: "alice", reason: "issue 16 test") { userId consecutiveFailures } }""";
        await RunAsync(page, unlock);
        await Expect(Response(page)).ToContainTextAsync("STEP_UP_REQUIRED");
        await Expect(Response(page)).ToContainTextAsync("verifyStepUp");
        await RunAsync(page, $$"""mutation { verifyStepUp(code: "{{await Oathtool.CodeAsync(adminSecret, app.Clock.GetUtcNow())}}") { validUntil method } }""");
        await Expect(Response(page)).ToContainTextAsync("\"method\": \"TOTP\"");
        await RunAsync(page, unlock);
        await Expect(Response(page)).ToContainTextAsync("\"consecutiveFailures\": 0");
        await Expect(Response(page)).Not.ToContainTextAsync("errors");

        // The schema, as the IDE shows it from its introspection.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Schema Reference" }).ClickAsync();
        await SchemaReferenceShowsAsync(page, page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex(@"^adminUser\(") }));

        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-banana-cake-pop.png"), FullPage = true });
        elsewhere.ShouldBeEmpty();
        problems.All.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_admin_with_a_token_signs_in_from_the_IDE_and_lands_in_it()
    {
        var address = app.StartOnRealPort();
        var enrolled = await BrowserSession.SignInAsAdminAsync(app);
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = address.ToString() });
        var page = await context.NewPageAsync();
        var problems = await BrowserProblems.WatchAsync(page);

        await page.GotoAsync("/graphql/ui");
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync("admin");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("admin-demo-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByLabel("Verification code", new() { Exact = true }).FillAsync(enrolled.CodeNow(app.Secrets["admin"], app.NextStepOffset("admin")));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();

        // The prompt's answer is a whole navigation to the IDE, under the IDE's own policy, not swapped into our page.
        await Expect(page).ToHaveURLAsync(new Uri(address, "/graphql/ui/").ToString());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create Document" })).ToBeVisibleAsync();
        problems.All.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_gets_no_IDE_and_no_schema()
    {
        var address = app.StartOnRealPort();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = address.ToString() });
        var page = await context.NewPageAsync();
        var graphQLRequests = 0;
        page.Request += (_, request) => graphQLRequests += request.Url.Contains("/graphql/ui/", StringComparison.Ordinal) ? 1 : 0;

        await page.GotoAsync("/graphql/ui");
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync("bob");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("bob-demo-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        var ide = await page.GotoAsync("/graphql/ui/");

        ide!.Status.ShouldBe(403);
        await Expect(page.GetByText("Only administrators may use the GraphQL IDE.")).ToBeVisibleAsync();
        graphQLRequests.ShouldBe(1, "the refused page itself, and none of the IDE's files");
        // Nor does bob's session get the schema by asking /graphql itself.
        var introspection = await page.EvaluateAsync<string>("""
            fetch('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                body: JSON.stringify({ query: '{ __schema { types { name } } }' }) }).then(r => r.text())
            """);
        introspection.ShouldNotContain("\"types\"");
        introspection.ShouldContain("errors");
    }

    /// <summary>The response editor: the third of the operation view's editors (request, variables, response).</summary>
    private static ILocator Response(IPage page) => page.Locator(".monaco-editor").Nth(2);

    /// <summary>
    /// The reference may have been drawn before the schema indexer (a worker) finished, and then says "No Schema" until it
    /// is opened again.
    /// </summary>
    private static async Task SchemaReferenceShowsAsync(IPage page, ILocator expected)
    {
        for (var attempt = 1; attempt < 4; attempt++)
        {
            try
            {
                await Expect(expected).ToBeVisibleAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException)
            {
                await page.GetByRole(AriaRole.Tab, new() { Name = "Operation" }).ClickAsync();
                await page.GetByRole(AriaRole.Tab, new() { Name = "Schema Reference" }).ClickAsync();
            }
        }
        await Expect(expected).ToBeVisibleAsync();
    }

    /// <summary>Replaces the operation in the request editor and runs it.</summary>
    private static async Task RunAsync(IPage page, string operation)
    {
        var request = page.Locator(".monaco-editor").First;
        await request.Locator(".view-lines").ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.PressAsync("Delete");
        // As one input, not key by key: the editor would close every bracket and quote typed.
        await page.Keyboard.InsertTextAsync(operation);
        await Expect(request).ToContainTextAsync(Regex.Match(operation, @"\{\s*(\w+)").Groups[1].Value);
        // The IDE takes the editor's text a moment after it changed (it stores the document first): a run before then
        // sends the previous text, so a run that went out empty is run again.
        var run = page.GetByRole(AriaRole.Button, new() { Name = "Run Operation (Ctrl+Alt+⏎)" });
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await page.WaitForTimeoutAsync(500 * attempt);
            var answer = await page.RunAndWaitForResponseAsync(() => run.ClickAsync(), response => response.Url.EndsWith("/graphql", StringComparison.Ordinal) && response.Request.Method == "POST");
            if (!(answer.Request.PostData ?? "").Contains("\"query\":\"\"", StringComparison.Ordinal))
                return;
        }
        throw new InvalidOperationException("The IDE kept sending an empty operation.");
    }
}
