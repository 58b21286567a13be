using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Modules.Tokens.Features;

/// <summary>"My tokens" warns when few backup codes remain and advises a second device while there is one token.</summary>
public sealed class MyTokensGuidanceTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Three_or_fewer_backup_codes_left_is_a_warning_with_the_way_to_a_new_set()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var (setId, codes) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        foreach (var code in codes.Take(6))
            (await app.SpendAsync("alice", code)).Spent.ShouldBeTrue();

        var four = await alice.GetPageAsync("/tokens");
        four.ShouldNotContain("backup codes left");
        four.ShouldContain("Tip: add a second device");

        (await app.SpendAsync("alice", codes[6])).Spent.ShouldBeTrue();
        var three = await alice.GetPageAsync("/tokens");
        three.ShouldContain("You have 3 backup codes left.");
        three.ShouldContain("href=\"/backup-codes\"");

        foreach (var code in codes.Skip(7))
            (await app.SpendAsync("alice", code)).Spent.ShouldBeTrue();
        (await alice.GetPageAsync("/tokens")).ShouldContain("You have no backup codes left.");
    }

    [Fact]
    public async Task A_user_without_a_saved_set_is_not_warned_about_backup_codes_left()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        await alice.NewSetAsync();

        var page = await alice.GetPageAsync("/tokens");

        page.ShouldNotContain("backup codes left");
    }
}
