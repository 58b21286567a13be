using Microsoft.Playwright;

namespace MfaMonolith.Tests.EndToEnd;

/// <summary>
/// One headless Chromium per test class: the distribution's browser (scripts/test installs it), never one Playwright
/// downloads. <c>MFA_E2E_CHROMIUM</c> names another executable.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private const string DefaultExecutable = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser has not been launched.");

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var executable = Environment.GetEnvironmentVariable("MFA_E2E_CHROMIUM") is { Length: > 0 } path ? path : DefaultExecutable;
        File.Exists(executable).ShouldBeTrue($"Chromium is not installed at {executable}. Run ./scripts/test, which installs it.");

        // Two cores running the whole suite at once can be slow to answer; a real failure still fails, only later.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
            await browser.DisposeAsync();
        playwright?.Dispose();
    }
}
