using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Modules.BackupCodes.Features;

public sealed class GenerateBackupCodesTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_user_without_a_token_gets_no_backup_codes()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.GenerateAsync();

        response.FirstErrorCode().ShouldBe("NO_ACTIVE_FACTOR");
        (await alice.MineAsync()).GetProperty("setId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task The_first_set_has_ten_grouped_codes_stored_only_as_hashes()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();

        var (_, codes) = await alice.NewSetAsync();

        codes.Count.ShouldBe(10);
        codes.ShouldAllBe(code => System.Text.RegularExpressions.Regex.IsMatch(code, "^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}$"));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BackupCodesDbContext>();
        var set = await db.Sets.Include(s => s.Codes).SingleAsync();
        var storedBytes = set.Codes.SelectMany(c => c.Hash).Concat(set.ProtectedCodesForDisplay!).ToArray();
        foreach (var code in codes)
            Convert.ToHexString(storedBytes).ShouldNotContain(Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(code.Replace("-", ""))));
    }

    [Fact]
    public async Task Replacing_a_saved_set_needs_a_current_code_and_a_wrong_one_changes_nothing()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        var (setId, codes) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        // Past the step-up that finishing the first token gave the session (ADR 0015).
        app.Clock.Advance(TimeSpan.FromMinutes(6));

        (await alice.GenerateAsync()).FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
        (await alice.GenerateAsync(alice.CodeNow(secret, stepOffset: 5))).FirstErrorCode().ShouldBe("INVALID_CODE");
        (await alice.GenerateAsync("not a code")).FirstErrorCode().ShouldBe("INVALID_CODE");
        (await alice.MineAsync()).GetProperty("setId").GetString().ShouldBe(setId);

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var (newSetId, newCodes) = await alice.NewSetAsync(alice.CodeNow(secret));

        newSetId.ShouldNotBe(setId);
        newCodes.ShouldNotBe(codes);
        (await app.SpendAsync("alice", codes[0])).Spent.ShouldBeFalse("the old set stops working entirely");
        (await app.SpendAsync("alice", newCodes[0])).Spent.ShouldBeTrue();
    }

    [Fact]
    public async Task An_unsaved_set_can_be_replaced_without_step_up_during_the_first_setup()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var (firstSet, firstCodes) = await alice.NewSetAsync();

        var (secondSet, _) = await alice.NewSetAsync();

        secondSet.ShouldNotBe(firstSet);
        (await app.SpendAsync("alice", firstCodes[0])).Spent.ShouldBeFalse();
    }
}
