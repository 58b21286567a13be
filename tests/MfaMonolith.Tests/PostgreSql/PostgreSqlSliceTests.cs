using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.PostgreSql;

namespace MfaMonolith.Tests.PostgreSql;

/// <summary>
/// The rules that rest on the database, on PostgreSQL: one Host for the class, every table emptied by Respawn before
/// each test (then the catalogue seeded again, as at start).
/// </summary>
public sealed class PostgreSqlSliceTests(PostgreSqlApp postgres) : IClassFixture<PostgreSqlApp>, IAsyncLifetime
{
    private MfaAppFactory App => postgres.App;

    public Task InitializeAsync() => postgres.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Every_test_starts_from_empty_modules_with_the_seeded_catalogue(int run)
    {
        var alice = await BrowserSession.SignInAsync(App);

        (await alice.MyTokensAsync()).ShouldBeEmpty($"run {run}: a token of an earlier test survived the reset");
        var confirmed = await alice.GraphQLAsync("{ serviceCatalog { id } }");
        confirmed.GetProperty("data").GetProperty("serviceCatalog").GetArrayLength().ShouldBeGreaterThan(0);
        await alice.EnrolTokenAsync();
        (await App.ApiClient().MfaRequirementAsync("alice")).GetProperty("required").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_code_accepted_once_is_rejected_as_replayed()
    {
        var alice = await BrowserSession.SignInAsync(App);
        var (_, secret) = await alice.EnrolTokenAsync();
        var proxy = App.ApiClient();
        App.Clock.Advance(TimeSpan.FromSeconds(30)); // the enrolment used the current step

        var code = alice.CodeNow(secret);
        var first = await proxy.VerifyAsync("alice", code);
        var again = await proxy.VerifyAsync("alice", code);

        first.GetProperty("accepted").GetBoolean().ShouldBeTrue();
        again.GetProperty("accepted").GetBoolean().ShouldBeFalse();
        again.Str("failureReason").ShouldBe("REPLAYED");
    }

    [Fact]
    public async Task Of_eight_concurrent_uses_of_one_backup_code_exactly_one_is_accepted()
    {
        var alice = await BrowserSession.SignInAsync(App);
        await alice.EnrolTokenAsync();
        var (_, codes) = await alice.NewSetAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => App.ApiClient().VerifyAsync("alice", codes[0]))));

        answers.Count(a => a.GetProperty("accepted").GetBoolean()).ShouldBe(1);
        answers.Where(a => !a.GetProperty("accepted").GetBoolean()).ShouldAllBe(a => a.Str("failureReason") == "INVALID_CODE");
        answers.Min(a => a.GetProperty("remainingBackupCodes").GetInt32()).ShouldBe(9);
    }

    [Fact]
    public async Task Ten_wrong_codes_lock_the_user_out()
    {
        var alice = await BrowserSession.SignInAsync(App);
        await alice.EnrolTokenAsync();
        var proxy = App.ApiClient();

        for (var i = 0; i < 10; i++)
            (await proxy.VerifyAsync("alice", "000000")).GetProperty("accepted").GetBoolean().ShouldBeFalse();
        var locked = await proxy.VerifyAsync("alice", "000000");

        locked.Str("failureReason").ShouldBe("LOCKED_OUT");
        locked.LockedUntil().ShouldNotBeNull().ShouldBe(App.Clock.GetUtcNow().AddMinutes(1), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Audit_time_filters_work_whatever_offset_the_admin_writes()
    {
        var alice = await BrowserSession.SignInAsync(App);
        await alice.EnrolTokenAsync();
        var admin = await BrowserSession.SignInAsAdminAsync(App);
        var now = App.Clock.GetUtcNow();

        var page = await admin.GraphQLAsync(
            "query($from:DateTime,$to:DateTime){ auditEvents(userId:\"alice\", from:$from, to:$to){ totalCount nodes { type } } }",
            new { from = now.ToOffset(TimeSpan.FromHours(2)).AddMinutes(-1).ToString("O"), to = now.ToOffset(TimeSpan.FromHours(-5)).AddMinutes(1).ToString("O") });

        page.ShouldHaveNoErrors();
        var types = page.GetProperty("data").GetProperty("auditEvents").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("type").GetString()).ToList();
        types.ShouldContain("ENROLMENT_CONFIRMED");
        types.ShouldContain("SIGN_IN_SUCCEEDED");
    }

    [Fact]
    public async Task An_admin_reset_removes_every_factor_of_the_user()
    {
        var alice = await BrowserSession.SignInAsync(App);
        await alice.EnrolTokenAsync();
        await alice.NewSetAsync();
        var admin = await BrowserSession.SignInAsAdminAsync(App);

        var reset = await admin.GraphQLAsync("mutation{ resetUser(userId:\"alice\", reason:\"lost phone and codes (ticket 42)\"){ userId } }");

        reset.ShouldHaveNoErrors();
        var requirement = await App.ApiClient().MfaRequirementAsync("alice");
        requirement.GetProperty("satisfiable").GetBoolean().ShouldBeFalse();
        requirement.Methods().ShouldBeEmpty();
    }
}
