namespace MfaMonolith.Tests.EndToEnd;

/// <summary>The accessibility check can fail: a page with an unnamed image, an unlabelled field and grey-on-grey text does.</summary>
public sealed class AccessibilityCheckTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_page_with_serious_violations_fails_with_a_readable_list_of_them()
    {
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""
            <!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body><main>
            <h1>Broken</h1>
            <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">
            <input type="text" name="code">
            <p style="color:#aaa;background:#bbb">Hard to read</p>
            </main></body></html>
            """);

        // Shouldly's ThrowAsync passes its own assertion failures through, so the failure is caught by hand.
        string? failure = null;
        try
        {
            await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "broken");
        }
        catch (ShouldAssertException e)
        {
            failure = e.Message;
        }

        failure.ShouldNotBeNull("the check passed a page with serious violations");
        failure.ShouldContain("on the broken page");
        failure.ShouldContain("- image-alt (critical)");
        failure.ShouldContain("- label (critical)");
        failure.ShouldContain("- color-contrast (serious)");
        failure.ShouldContain("<input type=\"text\" name=\"code\">");
    }

    [Fact]
    public async Task A_page_with_only_minor_findings_passes()
    {
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        // No landmark around the text: axe's "region" rule, of moderate impact only.
        await page.SetContentAsync("""<!DOCTYPE html><html lang="en"><head><title>Plain</title></head><body><p>Plain text.</p></body></html>""");

        await Accessibility.ShouldHaveNoSeriousViolationsAsync(page, "plain");
    }
}
