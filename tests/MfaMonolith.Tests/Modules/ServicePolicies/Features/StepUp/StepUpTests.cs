using System.Globalization;
using System.Text;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features.StepUp;

/// <summary>
/// Step-up as a state of the session (ADR 0015): a verified second factor counts for Mfa:StepUp:MaxAge, every sensitive
/// change asks for it, and every code it takes goes through the one verification with its lock-out.
/// </summary>
public sealed class StepUpTests : IDisposable
{
    private const string RemoveToken = "mutation($t:ID!){ removeToken(tokenId:$t){ removedTokenId } }";
    private const string BeginEnrollment = "mutation($d:String!){ beginTokenEnrollment(description:$d){ tokenId secret } }";
    private static readonly TimeSpan PastMaxAge = TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(31);

    private readonly MfaAppFactory app = new MfaAppFactory().WithApiClients();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_verified_code_counts_for_five_minutes_so_two_changes_in_a_row_need_one_code()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (phone, secret) = await alice.EnrolTokenAsync("Phone");
        var (laptop, _) = await alice.EnrolTokenAsync("Laptop");
        var (setId, _) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        app.Clock.Advance(PastMaxAge);

        (await alice.GraphQLAsync(RemoveToken, new { t = laptop })).FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
        var stepUp = await alice.StepUpAsync(alice.CodeNow(secret));
        stepUp.ShouldHaveNoErrors();
        stepUp.GetProperty("data").GetProperty("verifyStepUp").Str("validUntil").ShouldNotBeNull();

        // Two changes in a row: no wait for the next 30-second step, no second code.
        (await alice.GraphQLAsync(RemoveToken, new { t = laptop })).ShouldHaveNoErrors();
        (await alice.GenerateAsync()).ShouldHaveNoErrors();
        app.Clock.Advance(TimeSpan.FromMinutes(4));
        (await alice.SaveServiceSettingsAsync(true, null, null, code: null)).ShouldHaveNoErrors();

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        (await alice.GraphQLAsync(RemoveToken, new { t = phone })).FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
        (await alice.MyTokensAsync()).Select(t => t.Id).ShouldBe([phone]);
    }

    [Fact]
    public async Task The_sign_in_with_a_second_factor_counts_as_the_step_up()
    {
        var alice = await BrowserSession.SignInWithTokenAsync(app, "alice");
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var again = await BrowserSession.SignInWithTokenAsync(app, "alice");

        (await again.GraphQLAsync(BeginEnrollment, new { d = "Laptop" })).ShouldHaveNoErrors();
        (await alice.GraphQLAsync(BeginEnrollment, new { d = "Tablet" })).FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
    }

    [Fact]
    public async Task Adding_another_token_needs_the_step_up_and_gives_no_secret_without_it()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        app.Clock.Advance(PastMaxAge);

        var refused = await alice.GraphQLAsync(BeginEnrollment, new { d = "Attacker's phone" });

        refused.FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
        refused.ToString().ShouldNotContain("otpauth");
        (await alice.PendingEnrollmentIdAsync()).ShouldBeNull();
        (await alice.GraphQLWithStepUpAsync(alice.CodeNow(secret), BeginEnrollment, new { d = "Laptop" })).ShouldHaveNoErrors();
    }

    [Fact]
    public async Task A_wrong_step_up_code_counts_towards_the_one_lock_out_that_the_ProxyIdP_sees_too()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        var proxy = app.ApiClient();

        for (var i = 0; i < 10; i++)
            (await alice.StepUpAsync(alice.CodeNow(secret, 7))).FirstErrorCode().ShouldBe("INVALID_CODE");

        var locked = await alice.StepUpAsync(alice.CodeNow(secret, 1));
        locked.FirstErrorCode().ShouldBe("LOCKED_OUT");
        locked.FirstErrorMessage().ShouldContain("locked until " + (app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1)).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        (await proxy.VerifyAsync("alice", alice.CodeNow(secret, 1))).Str("failureReason").ShouldBe("LOCKED_OUT");
        var rejected = await RecordsAsync("VerificationRejected");
        rejected.Count(r => r.Reason == "INVALID_CODE" && r.Detail == "step-up").ShouldBe(10);
    }

    [Fact]
    public async Task A_step_up_with_a_backup_code_spends_it()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var (setId, codes) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();

        var stepUp = await alice.StepUpAsync(codes[0]);

        stepUp.ShouldHaveNoErrors();
        stepUp.GetProperty("data").GetProperty("verifyStepUp").Str("method").ShouldBe("BACKUP_CODE");
        stepUp.GetProperty("data").GetProperty("verifyStepUp").GetProperty("remainingBackupCodes").GetInt32().ShouldBe(9);
        var spentAgain = await alice.StepUpAsync(codes[0]);
        spentAgain.FirstErrorCode().ShouldBe("INVALID_CODE");
        spentAgain.GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldContain("check that your phone's time is set automatically");
    }

    [Fact]
    public async Task Five_hundred_aliased_guesses_in_one_POST_change_nothing_and_count_no_attempt()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, secret) = await alice.EnrolTokenAsync();
        app.Clock.Advance(PastMaxAge);
        var guesses = new StringBuilder("mutation { ");
        for (var i = 0; i < 499; i++)
            guesses.Append(CultureInfo.InvariantCulture, $"g{i}: verifyStepUp(code: \"{i:D6}\") {{ verifiedAt }} ");
        guesses.Append(CultureInfo.InvariantCulture, $"removeToken(tokenId: \"{tokenId}\") {{ removedTokenId }} }}");

        var refused = await alice.GraphQLAsync(guesses.ToString());

        refused.FirstErrorCode().ShouldBe("ONE_COSTLY_FIELD_PER_OPERATION");
        refused.TryGetProperty("data", out var data).ShouldBeFalse(data.ToString());
        (await alice.MyTokensAsync()).Select(t => t.Id).ShouldBe([tokenId]);
        (await RecordsAsync("VerificationRejected")).ShouldBeEmpty();
        (await app.ApiClient().VerifyAsync("alice", alice.CodeNow(secret, 1))).GetProperty("accepted").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Five_hundred_aliased_removals_without_a_step_up_remove_nothing()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, _) = await alice.EnrolTokenAsync();
        app.Clock.Advance(PastMaxAge);
        var removals = new StringBuilder("mutation { ");
        for (var i = 0; i < 500; i++)
            removals.Append(CultureInfo.InvariantCulture, $"r{i}: removeToken(tokenId: \"{tokenId}\") {{ removedTokenId }} ");

        var refused = await alice.GraphQLAsync(removals.Append('}').ToString());

        refused.FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
        (await alice.MyTokensAsync()).Select(t => t.Id).ShouldBe([tokenId]);
        (await RecordsAsync("VerificationRejected")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Two_costly_fields_hidden_in_fragments_are_refused_before_anything_runs()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();

        var refused = await alice.GraphQLAsync(
            "mutation($c:String!) { ...Twice } fragment Twice on Mutation { a: verifyStepUp(code:$c){ verifiedAt } ... on Mutation { generateBackupCodes { setId } } }",
            new { c = alice.CodeNow(secret, 1) });

        refused.FirstErrorCode().ShouldBe("ONE_COSTLY_FIELD_PER_OPERATION");
        (await alice.MineAsync()).Str("setId").ShouldBeNull();
        (await RecordsAsync("VerificationAccepted")).ShouldNotContain(r => r.Detail == "step-up");
    }

    [Fact]
    public async Task With_MaxAge_zero_each_code_allows_one_change()
    {
        using var strict = new MfaAppFactory();
        strict.Settings["Mfa:StepUp:MaxAge"] = "00:00:00";
        var alice = await BrowserSession.SignInAsync(strict);
        var (phone, secret) = await alice.EnrolTokenAsync("Phone");
        strict.Clock.Advance(TimeSpan.FromMinutes(3));

        (await alice.GraphQLAsync(BeginEnrollment, new { d = "Laptop" })).FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
        var verified = await alice.StepUpAsync(alice.CodeNow(secret));
        verified.ShouldHaveNoErrors();
        verified.GetProperty("data").GetProperty("verifyStepUp").Str("validUntil").ShouldBeNull();
        var begun = await alice.GraphQLAsync(BeginEnrollment, new { d = "Laptop" });
        begun.ShouldHaveNoErrors();
        var laptop = begun.GetProperty("data").GetProperty("beginTokenEnrollment").Str("tokenId")!;
        var laptopSecret = OtpNet.Base32Encoding.ToBytes(begun.GetProperty("data").GetProperty("beginTokenEnrollment").Str("secret")!);
        (await alice.GraphQLAsync("mutation($t:ID!,$c:String!){ confirmTokenEnrollment(tokenId:$t, code:$c){ tokenId } }",
            new { t = laptop, c = alice.CodeNow(laptopSecret) })).ShouldHaveNoErrors();

        // The code was spent by the enrolment: the next change needs another one.
        (await alice.GraphQLAsync(RemoveToken, new { t = laptop })).FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
        strict.Clock.Advance(TimeSpan.FromSeconds(30));
        (await alice.StepUpAsync(alice.CodeNow(secret))).ShouldHaveNoErrors();
        var both = await alice.GraphQLAsync(
            "mutation($a:ID!,$b:ID!){ first: removeToken(tokenId:$a){ removedTokenId } second: removeToken(tokenId:$b){ removedTokenId } }",
            new { a = laptop, b = phone });

        both.FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
        (await alice.MyTokensAsync()).Select(t => t.Id).ShouldBe([phone]);
    }

    [Fact]
    public async Task With_MaxAge_zero_parallel_changes_get_one_change_from_one_code()
    {
        using var strict = new MfaAppFactory();
        strict.Settings["Mfa:StepUp:MaxAge"] = "00:00:00";
        var alice = await BrowserSession.SignInAsync(strict);
        var (_, secret) = await alice.EnrolTokenAsync("Phone");
        var (setId, _) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        strict.Clock.Advance(TimeSpan.FromMinutes(3));
        (await alice.StepUpAsync(alice.CodeNow(secret))).ShouldHaveNoErrors();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => alice.SaveServiceSettingsAsync(true, null, null, code: null)));

        answers.Count(a => a.FirstErrorCode() is null).ShouldBe(1);
        answers.Count(a => a.FirstErrorCode() == "STEP_UP_REQUIRED").ShouldBe(7);
    }

    [Theory]
    [InlineData("01:00:01")]
    [InlineData("-00:00:01")]
    public void A_MaxAge_outside_zero_to_one_hour_stops_the_start(string maxAge)
    {
        using var misconfigured = new MfaAppFactory();
        misconfigured.Settings["Mfa:StepUp:MaxAge"] = maxAge;

        var failure = Should.Throw<Exception>(() => misconfigured.CreateClient());

        failure.ToString().ShouldContain("Mfa:StepUp:MaxAge must be between 00:00:00");
    }

    [Fact]
    public void A_MaxAge_that_is_no_time_span_stops_the_start_naming_the_key()
    {
        using var misconfigured = new MfaAppFactory();
        misconfigured.Settings["Mfa:StepUp:MaxAge"] = "five minutes";

        var failure = Should.Throw<Exception>(() => misconfigured.CreateClient());

        failure.ToString().ShouldContain("Mfa:StepUp:MaxAge");
    }

    private async Task<List<MfaMonolith.Modules.Audit.Domain.AuditRecord>> RecordsAsync(string type)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditDbContext>().Records.AsNoTracking().Where(r => r.Type == type).ToListAsync();
    }
}
