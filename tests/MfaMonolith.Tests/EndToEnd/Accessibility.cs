using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace MfaMonolith.Tests.EndToEnd;

/// <summary>
/// The automated accessibility check of issue 13: axe-core, run inside the page as it is now, from the script embedded in
/// the Deque.AxeCore packages (Playwright evaluates it in the page; nothing is fetched, and the check proves it). Any
/// violation of impact serious or critical fails with one readable line per rule and element.
/// </summary>
internal static class Accessibility
{
    private static readonly HashSet<string> Blocking = new(StringComparer.OrdinalIgnoreCase) { "serious", "critical" };

    /// <param name="where">What the page is, for the message (e.g. "enrolment").</param>
    public static async Task ShouldHaveNoSeriousViolationsAsync(IPage page, string where)
    {
        // The browser may fetch the page's own favicon meanwhile; a script, or anything from another host, would be axe's.
        var host = new Uri(page.Url).Authority;
        var requests = new List<string>();
        void Record(object? sender, IRequest request)
        {
            if (request.ResourceType == "script" || new Uri(request.Url).Authority != host)
                requests.Add($"{request.ResourceType} {request.Url}");
        }

        page.Request += Record;
        AxeResult result;
        try
        {
            // A page that cannot run scripts (JavaScriptEnabled = false) never answers: fail with a reason, not a hang.
            result = await page.RunAxe().WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException($"axe-core did not finish on the {where} page within a minute; is JavaScript disabled in this context?", e);
        }
        finally
        {
            page.Request -= Record;
        }

        requests.ShouldBeEmpty($"axe-core asked the network for a script or another host's resource on the {where} page; it must run from the package's embedded script");
        var problems = Describe(result);
        problems.ShouldBeEmpty($"axe-core found serious or critical accessibility violations on the {where} page ({page.Url}):\n{string.Join("\n", problems)}\n");
    }

    /// <summary>One line per rule and element: rule, impact, what to fix, where, and the element's HTML.</summary>
    internal static IReadOnlyList<string> Describe(AxeResult result) =>
        [.. (result.Violations ?? []).Where(v => v.Impact is { } impact && Blocking.Contains(impact))
            .SelectMany(v => (v.Nodes ?? []).Select(n =>
                $"- {v.Id} ({v.Impact}): {v.Help} at {n.Target} — {n.Html} — {Why(n)}"))];

    /// <summary>axe's own explanation: every failed "all"/"none" check, and the "any" checks of which none passed.</summary>
    private static string Why(AxeResultNode node) =>
        string.Join("; ", new[] { node.All, node.None, node.Any }.SelectMany(checks => checks ?? []).Select(c => c.Message).Where(m => !string.IsNullOrWhiteSpace(m)));
}
