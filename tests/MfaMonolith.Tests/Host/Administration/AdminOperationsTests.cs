using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.Administration;

/// <summary>The help desk: look users up, revoke a lost token, unlock, reset — admins only, each with a reason on record.</summary>
public sealed class AdminOperationsTests : IDisposable
{
    private const string UserFields = "userId status tokens { id description state createdAt lastUsedAt } remainingBackupCodes backupCodesGeneratedAt settingMode consecutiveFailures lockedUntil";

    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task An_admin_sees_a_users_tokens_backup_codes_and_status_but_never_a_secret()
    {
        var (_, secret) = await AliceWithTokenAndCodesAsync();
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var response = await admin.GraphQLAsync($"query($u:String!){{ adminUser(userId:$u){{ {UserFields} }} }}", new { u = "alice" });

        response.ShouldHaveNoErrors();
        var user = response.GetProperty("data").GetProperty("adminUser");
        user.GetProperty("status").GetString().ShouldBe("ENFORCED_ALL");
        user.GetProperty("tokens").EnumerateArray().Single().GetProperty("state").GetString().ShouldBe("ACTIVE");
        user.GetProperty("remainingBackupCodes").GetInt32().ShouldBe(10);
        response.ToString().ShouldNotContain(OtpNet.Base32Encoding.ToString(secret).TrimEnd('='));
    }

    [Fact]
    public async Task Revoking_a_lost_token_turns_MFA_off_and_records_the_reason()
    {
        var (tokenId, _) = await AliceWithTokenAndCodesAsync();
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var response = await admin.GraphQLAsync($"mutation($u:String!,$t:ID!,$r:String!){{ revokeUserToken(userId:$u, tokenId:$t, reason:$r){{ {UserFields} }} }}",
            new { u = "alice", t = tokenId, r = "Ticket 4711: phone stolen" });

        response.ShouldHaveNoErrors();
        var user = response.GetProperty("data").GetProperty("revokeUserToken");
        user.GetProperty("tokens").EnumerateArray().Single().GetProperty("state").GetString().ShouldBe("REMOVED");
        user.GetProperty("status").GetString().ShouldBe("OFF");
        user.GetProperty("remainingBackupCodes").GetInt32().ShouldBe(0);
        var audit = await admin.GraphQLAsync("{ auditEvents(userId:\"alice\", type: ADMIN_ACTION) { nodes { actor reason detail } } }");
        var record = audit.GetProperty("data").GetProperty("auditEvents").GetProperty("nodes")[0];
        record.GetProperty("actor").GetString().ShouldBe("admin:admin");
        record.GetProperty("reason").GetString().ShouldBe("Ticket 4711: phone stolen");
    }

    [Fact]
    public async Task Unlocking_lifts_a_lock_out()
    {
        var (_, secret) = await AliceWithTokenAndCodesAsync();
        var proxy = app.CreateClient();
        proxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dev-proxyidp-key-change-me");
        const string Verify = "mutation($i:VerifySecondFactorInput!){ verifySecondFactor(input:$i){ accepted failureReason } }";
        for (var i = 0; i < 10; i++)
            await proxy.PostAsJsonAsync("/graphql", new { query = Verify, variables = new { i = new { userId = "alice", code = "zzzz-zzzz-zz" } } });
        var admin = await BrowserSession.SignInAsAdminAsync(app);
        (await admin.GraphQLAsync("{ adminUser(userId:\"alice\"){ lockedUntil } }")).GetProperty("data").GetProperty("adminUser")
            .GetProperty("lockedUntil").ValueKind.ShouldBe(JsonValueKind.String);

        (await admin.GraphQLAsync("mutation { unlockUser(userId:\"alice\", reason:\"verified by phone\"){ lockedUntil consecutiveFailures } }")).ShouldHaveNoErrors();

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = new OtpNet.Totp(secret).ComputeTotp(app.Clock.GetUtcNow().UtcDateTime);
        var verified = await proxy.PostAsJsonAsync("/graphql", new { query = Verify, variables = new { i = new { userId = "alice", code } } });
        (await verified.Content.ReadAsStringAsync()).ShouldContain("\"accepted\":true");
        await ShouldHaveOneAdminActionAsync(admin, "Unlock", "verified by phone");
    }

    [Fact]
    public async Task Resetting_a_user_who_lost_everything_clears_factors_setting_and_sessions()
    {
        await AliceWithTokenAndCodesAsync();
        var alice = aliceSession!;
        (await alice.GraphQLAsync("{ myTokens { id } }")).ShouldHaveNoErrors();
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var response = await admin.GraphQLAsync($"mutation {{ resetUser(userId:\"alice\", reason:\"lost phone and codes, ID checked\"){{ {UserFields} }} }}");

        response.ShouldHaveNoErrors();
        var user = response.GetProperty("data").GetProperty("resetUser");
        user.GetProperty("tokens").EnumerateArray().ShouldAllBe(t => t.GetProperty("state").GetString() == "REMOVED");
        user.GetProperty("remainingBackupCodes").GetInt32().ShouldBe(0);
        user.GetProperty("settingMode").GetString().ShouldBe("NONE");
        (await alice.GraphQLAsync("{ myTokens { id } }")).FirstErrorCode().ShouldBe("UNAUTHENTICATED");
        await ShouldHaveOneAdminActionAsync(admin, "Reset", "lost phone and codes, ID checked");
    }

    private static async Task ShouldHaveOneAdminActionAsync(BrowserSession admin, string detail, string reason)
    {
        var audit = await admin.GraphQLAsync("{ auditEvents(userId:\"alice\", type: ADMIN_ACTION) { nodes { actor reason detail } } }");
        var record = audit.GetProperty("data").GetProperty("auditEvents").GetProperty("nodes").EnumerateArray().ShouldHaveSingleItem();
        record.GetProperty("actor").GetString().ShouldBe("admin:admin");
        record.GetProperty("detail").GetString().ShouldBe(detail);
        record.GetProperty("reason").GetString().ShouldBe(reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_action_without_a_reason_is_refused_and_changes_nothing(string reason)
    {
        await AliceWithTokenAndCodesAsync();
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var response = await admin.GraphQLAsync("mutation($r:String!){ resetUser(userId:\"alice\", reason:$r){ status } }", new { r = reason });

        response.FirstErrorCode().ShouldBe("VALIDATION_FAILED");
        (await admin.GraphQLAsync("{ adminUser(userId:\"alice\"){ status } }")).GetProperty("data").GetProperty("adminUser")
            .GetProperty("status").GetString().ShouldBe("ENFORCED_ALL");
    }

    [Fact]
    public async Task Only_admins_may_do_any_of_it()
    {
        await AliceWithTokenAndCodesAsync();
        var bob = await BrowserSession.SignInAsync(app, "bob");

        (await bob.GraphQLAsync("{ adminUser(userId:\"alice\"){ status } }")).FirstErrorCode().ShouldBe("FORBIDDEN");
        (await bob.GraphQLAsync("{ adminUsers { totalCount } }")).FirstErrorCode().ShouldBe("FORBIDDEN");
        (await bob.GraphQLAsync("mutation { resetUser(userId:\"alice\", reason:\"x\"){ status } }")).FirstErrorCode().ShouldBe("FORBIDDEN");
    }

    [Fact]
    public async Task Users_are_found_by_id_prefix_with_paging_and_a_total()
    {
        await AliceWithTokenAndCodesAsync();
        var bob = await BrowserSession.SignInAsync(app, "bob");
        await bob.EnrolTokenAsync();
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        // The administrator has a token too: admins act only with a second factor (ADR 0015).
        var all = (await admin.GraphQLAsync("{ adminUsers(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { userId } } }")).GetProperty("data").GetProperty("adminUsers");
        all.GetProperty("totalCount").GetInt32().ShouldBe(3);
        all.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("userId").GetString()).ShouldBe(["admin", "alice"]);
        var next = (await admin.GraphQLAsync("query($a:String){ adminUsers(first: 2, after:$a) { pageInfo { hasNextPage } nodes { userId } } }",
            new { a = all.GetProperty("pageInfo").GetProperty("endCursor").GetString() })).GetProperty("data").GetProperty("adminUsers");
        next.GetProperty("nodes")[0].GetProperty("userId").GetString().ShouldBe("bob");
        next.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean().ShouldBeFalse();
        (await admin.GraphQLAsync("{ adminUsers(idPrefix:\"b\") { totalCount nodes { userId } } }")).GetProperty("data").GetProperty("adminUsers")
            .GetProperty("totalCount").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task The_dashboard_counts_users_tokens_and_the_last_days_verifications()
    {
        var (_, secret) = await AliceWithTokenAndCodesAsync();
        var bob = await BrowserSession.SignInAsync(app, "bob");
        await bob.EnrolTokenAsync();
        var proxy = app.CreateClient();
        proxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dev-proxyidp-key-change-me");
        const string Verify = "mutation($i:VerifySecondFactorInput!){ verifySecondFactor(input:$i){ accepted } }";
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = new OtpNet.Totp(secret).ComputeTotp(app.Clock.GetUtcNow().UtcDateTime);
        await proxy.PostAsJsonAsync("/graphql", new { query = Verify, variables = new { i = new { userId = "alice", code } } });
        await proxy.PostAsJsonAsync("/graphql", new { query = Verify, variables = new { i = new { userId = "alice", code = "000000" } } });
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var dashboard = (await admin.GraphQLAsync("{ adminDashboard { usersWithMfa usersEnforcedAll usersEnforcedPartially usersOff tokensEnrolled verificationsAcceptedLast24h verificationsRejectedLast24h lockOutsLast24h } }"))
            .GetProperty("data").GetProperty("adminDashboard");

        // Alice, Bob, and the administrator, who acts only with a token of their own (ADR 0015).
        dashboard.GetProperty("usersWithMfa").GetInt32().ShouldBe(3);
        dashboard.GetProperty("usersEnforcedAll").GetInt32().ShouldBe(3);
        dashboard.GetProperty("usersOff").GetInt32().ShouldBe(0);
        dashboard.GetProperty("tokensEnrolled").GetInt32().ShouldBe(3);
        dashboard.GetProperty("verificationsAcceptedLast24h").GetInt32().ShouldBe(1);
        dashboard.GetProperty("verificationsRejectedLast24h").GetInt32().ShouldBe(1);
        dashboard.GetProperty("lockOutsLast24h").GetInt32().ShouldBe(0);
        (await bob.GraphQLAsync("{ adminDashboard { usersWithMfa } }")).FirstErrorCode().ShouldBe("FORBIDDEN");
    }

    private BrowserSession? aliceSession;

    private async Task<(string TokenId, byte[] Secret)> AliceWithTokenAndCodesAsync()
    {
        aliceSession = await BrowserSession.SignInAsync(app);
        var enrolled = await aliceSession.EnrolTokenAsync();
        var (setId, _) = await aliceSession.NewSetAsync();
        (await aliceSession.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        return enrolled;
    }
}
