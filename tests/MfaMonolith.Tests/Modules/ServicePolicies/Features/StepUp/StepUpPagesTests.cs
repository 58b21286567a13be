using System.Net;
using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features.StepUp;

/// <summary>
/// The step-up on the pages (ADR 0015): when a change needs a code, the prompt asks for it (field Verification code,
/// button Verify) and then carries on with what the user had entered; a session owing its second factor reaches only
/// the second-factor prompt.
/// </summary>
public sealed class StepUpPagesTests : IDisposable
{
    private static readonly TimeSpan PastMaxAge = TimeSpan.FromMinutes(6);
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Adding_a_token_on_a_stale_session_asks_for_a_code_and_then_carries_on_with_the_description()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        app.Clock.Advance(PastMaxAge);

        var prompt = await alice.PostFormAsync("/tokens/new/description", "/tokens/new", new() { ["description"] = "Laptop" });

        prompt.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await prompt.Content.ReadAsStringAsync();
        html.ShouldContain("<label for=\"code\">Verification code</label>");
        html.ShouldContain(">Verify</button>");
        Html.AttributeValues(html, "form", "action").ShouldContain("/tokens/new");
        Html.InputValue(html, "description").ShouldBe("Laptop");
        (await alice.PendingEnrollmentIdAsync()).ShouldBeNull();

        var wrong = await alice.PostFormAsync("/tokens", "/tokens/new", new() { ["description"] = "Laptop", ["code"] = alice.CodeNow(secret, 7) });
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        Html.Alerts(wrongHtml).ShouldContain(a => a.Contains("not right", StringComparison.Ordinal));
        Html.InputValue(wrongHtml, "description").ShouldBe("Laptop");
        (await alice.PendingEnrollmentIdAsync()).ShouldBeNull();

        var right = await alice.PostFormAsync("/tokens", "/tokens/new", new() { ["description"] = "Laptop", ["code"] = alice.CodeNow(secret) });
        right.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        right.Headers.Location!.OriginalString.ShouldBe("/tokens/enrol");
        (await alice.GraphQLAsync("{ myPendingEnrollment { description } }")).GetProperty("data").GetProperty("myPendingEnrollment").Str("description").ShouldBe("Laptop");
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, _) = await alice.EnrolTokenAsync();

        foreach (var (action, fields) in new[]
                 {
                     ("/tokens/new", new Dictionary<string, string> { ["description"] = "Laptop" }),
                     ($"/tokens/{tokenId}/remove", new Dictionary<string, string>()),
                     ("/backup-codes/generate", new Dictionary<string, string>()),
                     ("/settings/services", new Dictionary<string, string> { ["scope"] = "selected", ["category"] = "research" }),
                 })
        {
            (await alice.Client.PostAsync(action, new FormUrlEncodedContent(fields))).StatusCode.ShouldBe(HttpStatusCode.BadRequest, action);
        }

        (await alice.MyTokensAsync()).Select(t => t.Id).ShouldBe([tokenId]);
        (await alice.PendingEnrollmentIdAsync()).ShouldBeNull();
        (await alice.MineAsync()).Str("setId").ShouldBeNull();
    }

    [Fact]
    public async Task New_backup_codes_are_shown_again_only_after_a_step_up()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        var (first, _) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(first)).ShouldHaveNoErrors();
        var (_, replacement) = await alice.NewSetAsync(); // on the fresh session of the enrolment
        app.Clock.Advance(PastMaxAge);

        (await alice.GraphQLAsync("{ myBackupCodes { codes } }")).FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
        var prompt = await alice.GetPageAsync("/backup-codes");
        prompt.ShouldContain("<label for=\"code\">Verification code</label>");
        prompt.ShouldNotContain(replacement[0]);
        (await alice.Client.GetAsync("/backup-codes/pdf")).Content.Headers.ContentType!.MediaType.ShouldBe("text/html");

        var shown = await alice.PostFormAsync("/backup-codes", "/backup-codes", new() { ["code"] = alice.CodeNow(secret, 1) });
        shown.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await shown.Content.ReadAsStringAsync()).ShouldContain(replacement[0]);
    }

    [Fact]
    public async Task A_session_from_before_the_first_token_reaches_only_the_second_factor_prompt()
    {
        var older = await BrowserSession.SignInAsync(app);
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();

        var page = await older.Client.GetAsync("/tokens?x=1");
        page.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        page.Headers.Location!.OriginalString.ShouldBe("/second-factor?returnUrl=%2Ftokens%3Fx%3D1");
        (await older.GraphQLAsync("{ myTokens { id } }")).FirstErrorCode().ShouldBe("SECOND_FACTOR_REQUIRED");
        (await older.GraphQLAsync("mutation { generateBackupCodes { setId } }")).FirstErrorCode().ShouldBe("SECOND_FACTOR_REQUIRED");
        (await older.GetPageAsync("/second-factor?returnUrl=%2Ftokens")).ShouldContain("<label for=\"code\">Verification code</label>");

        var wrong = await older.PostFormAsync("/second-factor", "/second-factor", new() { ["code"] = older.CodeNow(secret, 7), ["returnUrl"] = "/tokens" });
        Html.Alerts(await wrong.Content.ReadAsStringAsync()).ShouldContain(a => a.Contains("not right", StringComparison.Ordinal));
        (await older.Client.GetAsync("/tokens")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        var right = await older.PostFormAsync("/second-factor", "/second-factor", new() { ["code"] = older.CodeNow(secret, 1), ["returnUrl"] = "/tokens" });
        right.Headers.Location!.OriginalString.ShouldBe("/tokens");
        (await older.Client.GetAsync("/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_administrator_without_a_token_is_told_to_enrol_one_and_can_do_nothing_administrative()
    {
        var admin = await BrowserSession.SignInAsync(app, "admin");

        var ide = await admin.Client.GetAsync("/graphql/ui");
        ide.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ide.Content.ReadAsStringAsync()).ShouldContain("Enrol a token first");
        (await admin.GraphQLAsync("{ adminUser(userId:\"alice\") { userId } }")).FirstErrorCode().ShouldBe("SECOND_FACTOR_REQUIRED");
        var created = await admin.GraphQLAsync("mutation { createApiClient(name:\"stolen\", scopes:[\"otp:verify\"]) { name } }");
        created.FirstErrorCode().ShouldBe("SECOND_FACTOR_REQUIRED");
        created.FirstErrorMessage().ShouldContain("Enrol a verification-code token first");

        var (_, secret) = await admin.EnrolTokenAsync("Admin phone");
        (await admin.GraphQLAsync("{ adminUser(userId:\"alice\") { userId } }")).ShouldHaveNoErrors();
        (await admin.Client.GetAsync("/graphql/ui/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Clock.Advance(PastMaxAge);
        (await admin.GraphQLAsync("mutation { createApiClient(name:\"later\", scopes:[\"policy:read\"]) { name } }")).FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
        (await admin.GraphQLWithStepUpAsync(admin.CodeNow(secret), "mutation { createApiClient(name:\"later\", scopes:[\"policy:read\"]) { name } }")).ShouldHaveNoErrors();
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https:evil.example")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("/\r\n/evil.example")]
    public async Task A_return_address_off_this_site_sends_the_browser_home(string returnUrl)
    {
        var browser = new BrowserSession(app);

        var response = await browser.PostFormAsync("/signin", "/signin", new() { ["username"] = "alice", ["password"] = "alice-demo-password", ["returnUrl"] = returnUrl });

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.ShouldBe("/");
    }
}
