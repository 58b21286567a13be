using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace MfaMonolith.Tests.EndToEnd;

/// <summary>
/// What went wrong inside the page without showing on it: console errors (a resource that failed to load, a script
/// error), uncaught exceptions, and every Content-Security-Policy violation (reported by the page itself, so a
/// violation counts even where the browser only logs a warning).
/// </summary>
internal sealed class BrowserProblems
{
    private const string ReportCspViolations = """
        document.addEventListener('securitypolicyviolation', e =>
            console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    private readonly ConcurrentQueue<string> problems = new();

    public IReadOnlyCollection<string> All => problems.ToArray();

    public static async Task<BrowserProblems> WatchAsync(IPage page)
    {
        var watcher = new BrowserProblems();
        await page.AddInitScriptAsync(ReportCspViolations);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" || message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                watcher.problems.Enqueue($"console.{message.Type} on {page.Url} ({message.Location}): {message.Text}");
        };
        page.PageError += (_, error) => watcher.problems.Enqueue($"uncaught error on {page.Url}: {error}");
        return watcher;
    }
}
