using System.Text.Json;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features;

/// <summary>
/// A burst of concurrent guesses for one user: each attempt is counted before its code is checked, so no more codes are
/// evaluated than remain before the lock-out; a success and a replay give their attempt back.
/// </summary>
public sealed class AtomicLockoutTests(ITestOutputHelper output) : IDisposable
{
    private readonly MfaAppFactory app = new MfaAppFactory().WithApiClients();

    public void Dispose() => app.Dispose();

    private async Task<(BrowserSession User, byte[] Secret, HttpClient Proxy)> AliceWithTokenAsync()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        return (alice, secret, app.ApiClient());
    }

    /// <summary>Distinct wrong codes, sent at once over several connections.</summary>
    private async Task<JsonElement[]> BurstAsync(BrowserSession user, byte[] secret, int count)
    {
        var codes = ProxyIdpApi.WrongCodes(count, Enumerable.Range(-3, 7).Select(step => user.CodeNow(secret, step)));
        var clients = Enumerable.Range(0, 10).Select(_ => app.ApiClient()).ToList();
        return await Task.WhenAll(codes.Select((code, i) => clients[i % clients.Count].VerifyAsync("alice", code)));
    }

    /// <summary>How many codes were evaluated and found wrong, as the audit log tells.</summary>
    private async Task<int> EvaluatedWrongAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditDbContext>().Records.AsNoTracking()
            .CountAsync(r => r.UserId == "alice" && r.Type == "VerificationRejected" && r.Reason == "INVALID_CODE");
    }

    private static int Answered(IEnumerable<JsonElement> answers, string reason) => answers.Count(a => a.Str("failureReason") == reason);

    [Fact]
    public async Task Fifty_concurrent_wrong_codes_are_at_most_ten_guesses_and_lock_the_user()
    {
        var (alice, secret, proxy) = await AliceWithTokenAsync();

        var answers = await BurstAsync(alice, secret, 50);
        var evaluated = await EvaluatedWrongAsync();
        var rightCode = await proxy.VerifyAsync("alice", alice.CodeNow(secret, 1));

        output.WriteLine($"{evaluated} of 50 codes evaluated, {Answered(answers, "LOCKED_OUT")} answered LOCKED_OUT");
        evaluated.ShouldBeLessThanOrEqualTo(10, "the lock-out allows 10 guesses");
        Answered(answers, "INVALID_CODE").ShouldBe(evaluated);
        Answered(answers, "LOCKED_OUT").ShouldBeGreaterThanOrEqualTo(40, string.Join("\n", answers));
        rightCode.Str("failureReason").ShouldBe("LOCKED_OUT");
        rightCode.LockedUntil().ShouldBe(app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_success_in_the_middle_gives_its_attempt_back_and_resets_the_count()
    {
        var (alice, secret, proxy) = await AliceWithTokenAsync();
        for (var i = 0; i < 9; i++)
            (await proxy.VerifyAsync("alice", alice.CodeNow(secret, 7))).Str("lockedUntil").ShouldBeNull();
        (await proxy.VerifyAsync("alice", alice.CodeNow(secret, 1))).GetProperty("accepted").GetBoolean().ShouldBeTrue();
        for (var i = 0; i < 9; i++)
            (await proxy.VerifyAsync("alice", alice.CodeNow(secret, 7))).Str("lockedUntil").ShouldBeNull("the success reset the count");

        // Nine failures since the success: one guess is left, however many arrive at once.
        var answers = await BurstAsync(alice, secret, 20);

        Answered(answers, "INVALID_CODE").ShouldBe(1, string.Join("\n", answers));
        Answered(answers, "LOCKED_OUT").ShouldBe(19);
        (await EvaluatedWrongAsync()).ShouldBe(19);
        (await proxy.VerifyAsync("alice", alice.CodeNow(secret))).Str("failureReason").ShouldBe("LOCKED_OUT");
    }

    [Fact]
    public async Task A_replay_gives_its_attempt_back()
    {
        var (alice, secret, proxy) = await AliceWithTokenAsync();
        var code = alice.CodeNow(secret, 1);
        (await proxy.VerifyAsync("alice", code)).GetProperty("accepted").GetBoolean().ShouldBeTrue();
        for (var i = 0; i < 9; i++)
            await proxy.VerifyAsync("alice", alice.CodeNow(secret, 7));
        var replays = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => app.ApiClient().VerifyAsync("alice", code)));

        var answers = await BurstAsync(alice, secret, 20);

        replays.ShouldAllBe(r => r.Str("failureReason") == "REPLAYED" || r.Str("failureReason") == "LOCKED_OUT");
        replays.ShouldContain(r => r.Str("failureReason") == "REPLAYED");
        Answered(answers, "INVALID_CODE").ShouldBe(1, "nine failures and no replay counted: " + string.Join("\n", answers));
        Answered(answers, "LOCKED_OUT").ShouldBe(19);
    }

    [Fact]
    public async Task An_attempt_lost_with_its_process_counts_as_a_failure_and_never_locks_for_good()
    {
        var (alice, secret, proxy) = await AliceWithTokenAsync();
        for (var i = 0; i < 9; i++)
            await proxy.VerifyAsync("alice", alice.CodeNow(secret, 7));
        // The tenth attempt was counted, then its process died before the code was checked.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ServicePoliciesDbContext>().Lockouts.Where(l => l.UserId == "alice")
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ConsecutiveFailures, l => l.ConsecutiveFailures + 1));
        }

        var whileItMayStillBeChecked = await proxy.VerifyAsync("alice", alice.CodeNow(secret, 1));
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var onceLost = await proxy.VerifyAsync("alice", alice.CodeNow(secret));
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var afterTheLock = await proxy.VerifyAsync("alice", alice.CodeNow(secret));

        whileItMayStillBeChecked.Str("failureReason").ShouldBe("LOCKED_OUT", whileItMayStillBeChecked.ToString());
        whileItMayStillBeChecked.Str("lockedUntil").ShouldBeNull("no lock is in force yet: the tenth attempt may still be checked");
        onceLost.Str("failureReason").ShouldBe("LOCKED_OUT");
        onceLost.LockedUntil().ShouldBe(app.Clock.GetUtcNow() - TimeSpan.FromSeconds(61) + TimeSpan.FromMinutes(1));
        afterTheLock.GetProperty("accepted").GetBoolean().ShouldBeTrue(afterTheLock.ToString());
    }
}
