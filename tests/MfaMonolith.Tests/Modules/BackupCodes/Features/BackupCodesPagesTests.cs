using System.Net;
using System.Text.RegularExpressions;
using MfaMonolith.Modules.BackupCodes.Domain;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Modules.BackupCodes.Features;

/// <summary>The first setup's last steps and "My backup codes", over HTTP as a browser drives them.</summary>
public sealed partial class BackupCodesPagesTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_first_token_leads_through_activation_and_backup_codes_to_the_done_page()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var confirmed = await ConfirmFirstTokenThroughThePagesAsync(alice);
        confirmed.Headers.Location!.ToString().ShouldBe("/setup/verified");
        (await alice.GetPageAsync("/setup/activated")).ShouldContain("Multi-Factor Authentication is now activated to access all services behind the ProxyIdP");

        (await alice.Client.GetAsync("/")).Headers.Location!.ToString().ShouldBe("/setup/backup-codes");
        var page = await PressOkAsync(alice);
        var codes = CodesOn(page);
        codes.Count.ShouldBe(10);
        (await alice.GetPageAsync("/setup/backup-codes")).ShouldContain(codes[0], customMessage: "the same sign-in sees the same set");

        var setId = SetIdOn(page);
        var acknowledged = await alice.PostFormAsync("/setup/backup-codes", "/setup/backup-codes/acknowledge", new() { ["setId"] = setId });

        acknowledged.Headers.Location!.ToString().ShouldBe("/setup/done");
        var done = await alice.GetPageAsync("/setup/done");
        done.ShouldContain(">Log out</button>");
        done.ShouldContain(">Service Settings</button>");
        (await alice.Client.GetAsync("/")).Headers.Location!.ToString().ShouldBe("/tokens");
    }

    [Fact]
    public async Task Signing_in_again_during_the_setup_resumes_at_the_backup_codes_with_a_fresh_set()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var secret = await EnrolAndReturnSecretAsync(alice);
        var firstCodes = CodesOn(await PressOkAsync(alice));

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var again = new BrowserSession(app);
        await again.PostFormAsync("/signin", "/signin", new() { ["username"] = "alice", ["password"] = "alice-demo-password" });
        var secondFactor = await again.PostFormAsync("/signin/second-factor", "/signin/second-factor", new() { ["code"] = again.CodeNow(secret) });
        secondFactor.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await again.Client.GetAsync("/")).Headers.Location!.ToString().ShouldBe("/setup/backup-codes");

        CodesOn(await again.GetPageAsync("/setup/backup-codes")).ShouldBeEmpty("codes are shown once, and showing makes none");
        var freshCodes = CodesOn(await PressOkAsync(again));

        freshCodes.Count.ShouldBe(10);
        freshCodes.ShouldNotContain(firstCodes[0]);
        (await app.SpendAsync("alice", firstCodes[0])).Spent.ShouldBeFalse("the interrupted set was replaced");
    }

    [Fact]
    public async Task Opening_the_backup_codes_step_makes_no_set_and_offers_the_ok_button()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();

        var page = await alice.GetPageAsync("/setup/backup-codes");
        await alice.GetPageAsync("/setup/backup-codes");

        page.ShouldContain("<form method=\"post\" action=\"/setup/backup-codes\">");
        page.ShouldContain(">OK</button>");
        CodesOn(page).ShouldBeEmpty();
        (await alice.MineAsync()).GetProperty("setId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null, "a GET changes nothing");
    }

    [Fact]
    public async Task Pressing_ok_twice_or_in_two_tabs_shows_one_set()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();

        var first = CodesOn(await PressOkAsync(alice));
        var second = CodesOn(await PressOkAsync(alice));

        second.ShouldBe(first);
        (await app.SpendAsync("alice", first[0])).Spent.ShouldBeTrue("the set on screen is the current one");
    }

    [Fact]
    public async Task The_pdf_holds_exactly_the_issued_codes_with_account_date_and_instructions()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var (_, codes) = await alice.NewSetAsync();

        var response = await alice.Client.GetAsync("/backup-codes/pdf");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        var pdf = await response.Content.ReadAsByteArrayAsync();
        BackupCodesPdfText.CodesIn(pdf).ShouldBe(codes, ignoreOrder: true);
        var text = BackupCodesPdfText.AllText(pdf);
        text.ShouldContain("MfaMonolith");
        text.ShouldContain("alice");
        text.ShouldContain(app.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        text.ShouldContain("Each code works once");
    }

    [Fact]
    public async Task After_acknowledging_the_pdf_and_print_view_say_the_codes_are_gone_and_offer_a_new_set()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var (setId, codes) = await alice.NewSetAsync();
        await alice.AcknowledgeAsync(setId);

        foreach (var path in new[] { "/backup-codes/pdf", "/backup-codes/print" })
        {
            var response = await alice.Client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Gone);
            var page = await response.Content.ReadAsStringAsync();
            page.ShouldContain("Generate new codes");
            page.ShouldNotContain(codes[0]);
        }
    }

    [Fact]
    public async Task The_print_view_shows_the_codes_and_opens_the_print_dialog_by_script()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var (_, codes) = await alice.NewSetAsync();

        var page = await alice.GetPageAsync("/backup-codes/print");

        CodesOn(page).ShouldBe(codes);
        page.ShouldContain("<script src=\"/js/print-on-load.js\" defer></script>");
        (await app.CreateClient().GetStringAsync("/js/print-on-load.js")).ShouldContain("window.print()");
    }

    [Fact]
    public async Task Generating_new_codes_on_my_backup_codes_needs_a_current_code()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        var (setId, oldCodes) = await alice.NewSetAsync();
        await alice.AcknowledgeAsync(setId);
        (await app.SpendAsync("alice", oldCodes[0])).Spent.ShouldBeTrue();
        (await alice.GetPageAsync("/backup-codes")).ShouldContain("<strong>9</strong> unused backup codes");

        var wrong = await alice.PostFormAsync("/backup-codes", "/backup-codes/generate", new() { ["code"] = alice.CodeNow(secret, 4) });
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("role=\"alert\"");
        (await alice.MineAsync()).GetProperty("setId").GetString().ShouldBe(setId);

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var right = await alice.PostFormAsync("/backup-codes", "/backup-codes/generate", new() { ["code"] = alice.CodeNow(secret) });
        var newCodes = CodesOn(await right.Content.ReadAsStringAsync());
        newCodes.Count.ShouldBe(10);
        (await alice.GetPageAsync("/backup-codes")).ShouldContain("I have my backup codes", customMessage: "an unconfirmed set stays on screen");
    }

    [Fact]
    public void The_production_hash_cost_is_100000_pbkdf2_iterations() =>
        new BackupCodeOptions().HashIterations.ShouldBe(100_000);

    /// <summary>OK on the activated page: a POST that makes the set, then the page that shows it.</summary>
    private static async Task<string> PressOkAsync(BrowserSession user)
    {
        var made = await user.PostFormAsync("/setup/activated", "/setup/backup-codes", new());
        made.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        made.Headers.Location!.ToString().ShouldBe("/setup/backup-codes");
        return await user.GetPageAsync("/setup/backup-codes");
    }

    private static async Task<HttpResponseMessage> ConfirmFirstTokenThroughThePagesAsync(BrowserSession user)
    {
        var (_, secret) = await BeginAsync(user);
        return await user.PostFormAsync("/tokens/enrol", "/tokens/enrol", new() { ["tokenId"] = TokenIdOn(await user.GetPageAsync("/tokens/enrol")), ["code"] = user.CodeNow(secret) });
    }

    private static async Task<byte[]> EnrolAndReturnSecretAsync(BrowserSession user)
    {
        var (_, secret) = await user.EnrolTokenAsync();
        return secret;
    }

    private static async Task<(string TokenId, byte[] Secret)> BeginAsync(BrowserSession user)
    {
        (await user.PostFormAsync("/tokens/new/description", "/tokens/new", new() { ["description"] = "Phone" })).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var page = await user.GetPageAsync("/tokens/enrol");
        var secret = OtpNet.Base32Encoding.ToBytes(SecretOn(page));
        return (TokenIdOn(page), secret);
    }

    private static List<string> CodesOn(string html) => GroupedCode().Matches(html).Select(m => m.Value).Distinct().ToList();

    private static string SetIdOn(string html) => Regex.Match(html, "name=\"setId\" value=\"([^\"]+)\"").Groups[1].Value;

    private static string TokenIdOn(string html) => Regex.Match(html, "name=\"tokenId\" value=\"([^\"]+)\"").Groups[1].Value;

    private static string SecretOn(string html) => Regex.Match(html, "secret=([A-Z2-7]+)").Groups[1].Value;

    [GeneratedRegex("\\b[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}\\b")]
    private static partial Regex GroupedCode();
}
