using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features;

/// <summary>Brute force over verifySecondFactor: 10 failures lock, for longer each time; success resets; REPLAYED is no guess.</summary>
public sealed class VerificationLockoutTests : IDisposable
{
    private readonly MfaAppFactory app = new MfaAppFactory().WithApiClients();

    public void Dispose() => app.Dispose();

    private async Task<(BrowserSession User, byte[] Secret, HttpClient Proxy)> AliceWithTokenAsync()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        return (alice, secret, app.ApiClient());
    }

    private static async Task<IReadOnlyList<System.Text.Json.JsonElement>> FailAsync(HttpClient proxy, BrowserSession user, byte[] secret, int times)
    {
        var results = new List<System.Text.Json.JsonElement>();
        for (var i = 0; i < times; i++)
            results.Add(await proxy.VerifyAsync("alice", user.CodeNow(secret, 7)));
        return results;
    }

    [Fact]
    public async Task Ten_failures_lock_for_a_minute_even_against_right_codes_then_a_success_resets()
    {
        var (alice, secret, proxy) = await AliceWithTokenAsync();
        var (setId, codes) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        var start = app.Clock.GetUtcNow();

        var failures = await FailAsync(proxy, alice, secret, 10);

        failures.Take(9).ShouldAllBe(f => f.Str("failureReason") == "INVALID_CODE" && f.Str("lockedUntil") == null);
        failures[9].Str("failureReason").ShouldBe("INVALID_CODE");
        failures[9].LockedUntil().ShouldBe(start + TimeSpan.FromMinutes(1));

        var rightTotp = await proxy.VerifyAsync("alice", alice.CodeNow(secret, 1));
        var rightBackup = await proxy.VerifyAsync("alice", codes[0]);
        foreach (var locked in new[] { rightTotp, rightBackup })
        {
            locked.GetProperty("accepted").GetBoolean().ShouldBeFalse();
            locked.Str("failureReason").ShouldBe("LOCKED_OUT");
            locked.LockedUntil().ShouldBe(start + TimeSpan.FromMinutes(1));
            locked.GetProperty("remainingBackupCodes").GetInt32().ShouldBe(codes.Count);
        }

        app.Clock.Advance(TimeSpan.FromSeconds(50));
        (await proxy.VerifyAsync("alice", alice.CodeNow(secret))).Str("failureReason").ShouldBe("LOCKED_OUT");

        app.Clock.Advance(TimeSpan.FromSeconds(11));
        var afterLock = await proxy.VerifyAsync("alice", alice.CodeNow(secret));
        afterLock.GetProperty("accepted").GetBoolean().ShouldBeTrue(afterLock.ToString());
        afterLock.Str("lockedUntil").ShouldBeNull();
        // The spent-while-locked backup code was never spent.
        (await proxy.VerifyAsync("alice", codes[0])).GetProperty("accepted").GetBoolean().ShouldBeTrue();

        // The success reset the count: nine more failures do not lock, and the next lock is a minute again.
        (await FailAsync(proxy, alice, secret, 9)).ShouldAllBe(f => f.Str("lockedUntil") == null);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        (await proxy.VerifyAsync("alice", alice.CodeNow(secret))).GetProperty("accepted").GetBoolean().ShouldBeTrue();
        var relocked = await FailAsync(proxy, alice, secret, 10);
        relocked[9].LockedUntil().ShouldBe(app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_second_lock_out_lasts_five_minutes()
    {
        var (alice, secret, proxy) = await AliceWithTokenAsync();
        (await FailAsync(proxy, alice, secret, 10))[9].LockedUntil().ShouldBe(app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        app.Clock.Advance(TimeSpan.FromSeconds(61));

        var second = await FailAsync(proxy, alice, secret, 10);
        var secondLockStart = app.Clock.GetUtcNow();

        second.Take(9).ShouldAllBe(f => f.Str("lockedUntil") == null);
        second[9].LockedUntil().ShouldBe(secondLockStart + TimeSpan.FromMinutes(5));
        app.Clock.Advance(TimeSpan.FromMinutes(4));
        (await proxy.VerifyAsync("alice", alice.CodeNow(secret))).Str("failureReason").ShouldBe("LOCKED_OUT");
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        (await proxy.VerifyAsync("alice", alice.CodeNow(secret))).GetProperty("accepted").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task REPLAYED_answers_do_not_count_towards_the_lock_out()
    {
        var (alice, secret, proxy) = await AliceWithTokenAsync();
        var code = alice.CodeNow(secret, 1);
        (await proxy.VerifyAsync("alice", code)).GetProperty("accepted").GetBoolean().ShouldBeTrue();

        await FailAsync(proxy, alice, secret, 9);
        for (var i = 0; i < 5; i++)
            (await proxy.VerifyAsync("alice", code)).Str("failureReason").ShouldBe("REPLAYED");

        app.Clock.Advance(TimeSpan.FromSeconds(60));
        var fresh = await proxy.VerifyAsync("alice", alice.CodeNow(secret));
        fresh.GetProperty("accepted").GetBoolean().ShouldBeTrue(fresh.ToString());
    }

    [Fact]
    public async Task Failures_with_backup_codes_and_TOTP_codes_count_together()
    {
        var (alice, secret, proxy) = await AliceWithTokenAsync();

        await FailAsync(proxy, alice, secret, 5);
        for (var i = 0; i < 4; i++)
            (await proxy.VerifyAsync("alice", "ABCD-EFGH-" + i)).Str("lockedUntil").ShouldBeNull();
        var tenth = await proxy.VerifyAsync("alice", "ZZZZ-ZZZZ");

        tenth.LockedUntil().ShouldBe(app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Ten_concurrent_failures_lock_exactly_once()
    {
        var (alice, secret, _) = await AliceWithTokenAsync();
        var clients = Enumerable.Range(0, 10).Select(_ => app.ApiClient()).ToList();

        var results = await Task.WhenAll(clients.Select(c => c.VerifyAsync("alice", alice.CodeNow(secret, 7))));

        results.ShouldAllBe(r => r.Str("failureReason") == "INVALID_CODE");
        results.Count(r => r.Str("lockedUntil") != null).ShouldBe(1, string.Join("\n", results));
        var locked = await app.ApiClient().VerifyAsync("alice", alice.CodeNow(secret, 1));
        locked.Str("failureReason").ShouldBe("LOCKED_OUT");
        locked.LockedUntil().ShouldBe(app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
    }
}
