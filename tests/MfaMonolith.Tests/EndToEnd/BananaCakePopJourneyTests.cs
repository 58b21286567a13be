using System.Collections.Concurrent;
using MfaMonolith.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MfaMonolith.Tests.EndToEnd;

/// <summary>
/// Issue 16: Banana Cake Pop, self-hosted at /graphql/ui/. An administrator with a second factor sees the schema and
/// queries a user's tokens in it; nothing it asks for leaves 127.0.0.1 (every other host is refused, and none answered).
/// </summary>
public sealed class BananaCakePopJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task An_admin_sees_the_schema_and_a_users_token_with_nothing_leaving_the_machine()
    {
        var address = app.StartOnRealPort();
        var alice = await BrowserSession.SignInWithTokenAsync(app, "alice");

        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = address.ToString() });
        var elsewhere = new ConcurrentQueue<string>();
        await context.RouteAsync("**/*", async route =>
        {
            var host = new Uri(route.Request.Url).Host;
            if (host is "127.0.0.1" or "localhost")
                await route.ContinueAsync();
            else
            {
                elsewhere.Enqueue(route.Request.Url);
                await route.AbortAsync("blockedbyclient");
            }
        });
        var page = await context.NewPageAsync();
        var problems = await BrowserProblems.WatchAsync(page);
        var requests = new ConcurrentQueue<string>();
        page.Request += (_, request) => requests.Enqueue($"{request.Method} {request.Url}");
        page.Console += (_, message) => requests.Enqueue($"console.{message.Type}: {message.Text}");

        await AdminInBrowser.SignInWithFirstTokenAsync(page, app, "/graphql/ui");
        await page.WaitForTimeoutAsync(8000);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-bcp.png"), FullPage = true });
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "e2e-bcp.txt"), string.Join("\n", requests) + "\n---\n" + string.Join("\n", problems.All) + "\n---\n" + string.Join("\n", elsewhere) + "\n---\n" + await page.ContentAsync());
        problems.All.ShouldBeEmpty();
        elsewhere.ShouldBeEmpty();
    }
}
