using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;
using static MfaMonolith.Tests.Modules.ServicePolicies.Features.ServicePoliciesApi;

namespace MfaMonolith.Tests.Modules.Tokens.Features;

/// <summary>
/// What a token's change means for the other modules — the first token turns MFA on for all services, the last one's
/// removal turns it off and retires the backup codes — commits with the change and is delivered at least once through
/// the outbox (ADR 0013): a crash between the commit and the delivery, or two removals at once, leave nothing half done.
/// </summary>
public sealed class DurableConsequencesTests : IDisposable
{
    private const string RemoveToken = "mutation($t:ID!){ removeToken(tokenId:$t){ removedTokenId mfaTurnedOff } }";
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_crash_after_the_first_tokens_commit_still_turns_MFA_on_for_all_services_once_redelivered()
    {
        var alice = await BrowserSession.SignInAsync(app);
        app.OutboxCrash.On = true;
        await alice.EnrolTokenAsync();
        // Half done, as the instance left it: the token is active, the policy does not know yet.
        (await app.MfaRequirementAsync("alice", Erp)).ShouldBe((false, "NOT_ENFORCED"));

        app.OutboxCrash.On = false;
        await OutboxCrashAfterCommit.RedeliverAsync(app);

        (await app.MfaRequirementAsync("alice", Erp)).ShouldBe((true, "ENFORCED_ALL"));
        (await alice.MyServiceSettingsAsync()).Mode.ShouldBe("ALL");
    }

    [Fact]
    public async Task A_late_first_token_consequence_never_overrides_a_setting_the_user_chose_after_it()
    {
        var alice = await BrowserSession.SignInAsync(app);
        app.OutboxCrash.On = true;
        await alice.EnrolTokenAsync();
        app.OutboxCrash.On = false;
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        (await alice.SaveServiceSettingsAsync(false, ["research"], [], code: null)).ShouldHaveNoErrors();

        await OutboxCrashAfterCommit.RedeliverAsync(app);
        await OutboxCrashAfterCommit.RedeliverAsync(app);

        (await alice.MyServiceSettingsAsync()).ShouldBe(new Settings("SELECTED", ["research"], [], "ENFORCED_PARTIALLY"));
    }

    [Fact]
    public async Task A_crash_after_removing_the_last_token_still_retires_the_backup_codes_once_redelivered()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, _) = await alice.EnrolTokenAsync();
        var (setId, codes) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        app.OutboxCrash.On = true;

        (await alice.GraphQLAsync(RemoveToken, new { t = tokenId })).ShouldHaveNoErrors();
        (await alice.MineAsync()).GetProperty("remaining").GetInt32().ShouldBe(10, "half done, as the crashed instance left it");

        app.OutboxCrash.On = false;
        await OutboxCrashAfterCommit.RedeliverAsync(app);

        (await alice.MineAsync()).GetProperty("remaining").GetInt32().ShouldBe(0);
        (await app.SpendAsync("alice", codes[0])).Spent.ShouldBeFalse();
        (await app.MfaRequirementAsync("alice", Erp)).ShouldBe((false, "NOT_ACTIVATED"));
    }

    [Fact]
    public async Task Old_backup_codes_do_not_work_beside_a_new_token_when_the_removal_is_redelivered_late()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, _) = await alice.EnrolTokenAsync();
        var (setId, codes) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        app.OutboxCrash.On = true;
        (await alice.GraphQLAsync(RemoveToken, new { t = tokenId })).ShouldHaveNoErrors();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await alice.EnrolTokenAsync("New phone");

        app.OutboxCrash.On = false;
        await OutboxCrashAfterCommit.RedeliverAsync(app);

        (await app.SpendAsync("alice", codes[1])).Spent.ShouldBeFalse("the codes made before the last token went are retired, whenever that is delivered");
        (await app.MfaRequirementAsync("alice", Erp)).ShouldBe((true, "ENFORCED_ALL"));
    }

    [Fact]
    public async Task Two_concurrent_removals_of_the_last_two_tokens_turn_MFA_off_and_retire_the_codes()
    {
        for (var round = 0; round < 5; round++)
        {
            using var fresh = new MfaAppFactory();
            var (alice, phone, laptop, codes) = await TwoTokensAndSavedCodesAsync(fresh);

            var answers = await Task.WhenAll(alice.GraphQLAsync(RemoveToken, new { t = phone }), alice.GraphQLAsync(RemoveToken, new { t = laptop }));

            answers.ShouldAllBe(a => a.FirstErrorCode() == null);
            (await alice.MyTokensAsync()).ShouldBeEmpty();
            (await alice.MineAsync()).GetProperty("remaining").GetInt32().ShouldBe(0, $"round {round}");
            (await fresh.SpendAsync("alice", codes[0])).Spent.ShouldBeFalse($"round {round}");
        }
    }

    [Fact]
    public async Task An_admin_revoking_one_token_while_the_user_removes_the_other_turns_MFA_off_and_retires_the_codes()
    {
        for (var round = 0; round < 5; round++)
        {
            using var fresh = new MfaAppFactory();
            var (alice, phone, laptop, codes) = await TwoTokensAndSavedCodesAsync(fresh);
            var admin = await BrowserSession.SignInAsAdminAsync(fresh);

            var answers = await Task.WhenAll(
                admin.GraphQLAsync("mutation($t:ID!){ revokeUserToken(userId:\"alice\", tokenId:$t, reason:\"lost phone\"){ userId } }", new { t = phone }),
                alice.GraphQLAsync(RemoveToken, new { t = laptop }));

            answers.ShouldAllBe(a => a.FirstErrorCode() == null);
            (await alice.MineAsync()).GetProperty("remaining").GetInt32().ShouldBe(0, $"round {round}");
            (await fresh.SpendAsync("alice", codes[0])).Spent.ShouldBeFalse($"round {round}");
        }
    }

    private static async Task<(BrowserSession Alice, string Phone, string Laptop, List<string> Codes)> TwoTokensAndSavedCodesAsync(MfaAppFactory app)
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (phone, _) = await alice.EnrolTokenAsync("Phone");
        var (laptop, _) = await alice.EnrolTokenAsync("Laptop");
        var (setId, codes) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        return (alice, phone, laptop, codes);
    }
}
