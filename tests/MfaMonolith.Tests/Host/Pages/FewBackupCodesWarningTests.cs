using System.Net;
using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.Pages;

/// <summary>
/// The warning "My tokens" gives when 3 or fewer backup codes remain (issue 13) is also on the first setup's done page
/// and in the embedded sign-in's second-factor prompt, where "Backup codes" cannot be reached yet.
/// </summary>
public sealed class FewBackupCodesWarningTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_done_page_warns_at_three_codes_left_with_the_way_to_a_new_set_and_not_at_four()
    {
        var (alice, codes) = await AliceWithASavedSetAsync();
        await SpendAsync(codes.Take(6));

        var four = await alice.GetPageAsync("/setup/done");
        four.ShouldNotContain("backup codes left");
        four.ShouldContain("Service Settings");

        await SpendAsync(codes.Skip(6).Take(1));
        var three = await alice.GetPageAsync("/setup/done");
        three.ShouldContain("You have 3 backup codes left.");
        three.ShouldContain("<a href=\"/backup-codes\">Make a new set of backup codes</a>");

        await SpendAsync(codes.Skip(7));
        (await alice.GetPageAsync("/setup/done")).ShouldContain("You have no backup codes left.");
    }

    [Fact]
    public async Task The_done_page_does_not_warn_about_a_set_not_yet_saved()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var (_, codes) = await alice.NewSetAsync();
        await SpendAsync(codes.Take(8));

        (await alice.GetPageAsync("/setup/done")).ShouldNotContain("backup codes left");
    }

    [Fact]
    public async Task The_second_factor_prompt_warns_at_one_code_left_also_after_a_wrong_code_and_says_where_to_make_a_new_set()
    {
        var (_, codes) = await AliceWithASavedSetAsync();
        await SpendAsync(codes.Take(9));
        var again = new BrowserSession(app);
        await again.SignInAsAsync("alice");

        var prompt = await again.GetPageAsync("/signin/second-factor");

        prompt.ShouldContain("You have 1 backup code left.");
        prompt.ShouldContain("Once you are signed in, make a new set under <strong>Backup codes</strong>.");
        prompt.ShouldNotContain("<a href=\"/backup-codes\">");

        var wrong = await again.PostFormAsync("/signin/second-factor", "/signin/second-factor", new() { ["code"] = "not-a-code" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        var afterWrong = await wrong.Content.ReadAsStringAsync();
        Html.Alerts(afterWrong).ShouldContain(a => a.Contains("not right", StringComparison.Ordinal));
        afterWrong.ShouldContain("You have 1 backup code left.");

        // Her last backup code lets her in; the next prompt says none are left.
        var last = await again.PostFormAsync("/signin/second-factor", "/signin/second-factor", new() { ["code"] = codes[9] });
        last.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var third = new BrowserSession(app);
        await third.SignInAsAsync("alice");
        (await third.GetPageAsync("/signin/second-factor")).ShouldContain("You have no backup codes left.");
    }

    [Fact]
    public async Task The_second_factor_prompt_does_not_warn_with_four_codes_left()
    {
        var (_, codes) = await AliceWithASavedSetAsync();
        await SpendAsync(codes.Take(6));
        var again = new BrowserSession(app);
        await again.SignInAsAsync("alice");

        (await again.GetPageAsync("/signin/second-factor")).ShouldNotContain("backup codes left");
    }

    private async Task<(BrowserSession Alice, List<string> Codes)> AliceWithASavedSetAsync()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var (setId, codes) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        return (alice, codes);
    }

    private async Task SpendAsync(IEnumerable<string> codes)
    {
        foreach (var code in codes)
            (await app.SpendAsync("alice", code)).Spent.ShouldBeTrue();
    }
}
